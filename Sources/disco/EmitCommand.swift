import ArgumentParser
import DiscoClient
import Foundation
import NIOCore

/// `disco emit`: emits one event and prints where it was stored, as one JSON object.
struct EmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "emit", abstract: "Emit one event.")

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "The event's type.")
    var type: String

    @Option(help: "The aggregate the event belongs to.")
    var aggregate: String?

    @Option(help: "The payload, as text.")
    var payload: String = ""

    @Option(help: "The metadata, as text.")
    var meta: String = ""

    @Option(help: "The event id (a UUID); a UUIDv7 is generated when absent.")
    var id: String?

    func run() async throws {
        var event = NewEvent(
            type: self.type,
            aggregateID: self.aggregate,
            payload: ByteBuffer(string: self.payload),
            meta: ByteBuffer(string: self.meta)
        )
        if let id = self.id {
            guard let uuid = UUID(uuidString: id) else { throw ValidationError("--id must be a UUID") }
            event.id = uuid
        }
        let stored = try await self.connection.withClient { client in try await client.emit(event) }
        try JSONLines.print([
            "id": stored.id.uuidString.lowercased(),
            "offset": stored.offset,
            "aggregate_version": stored.aggregateVersion,
            "emitted_at": stored.emittedAtMicroseconds,
        ])
    }
}
