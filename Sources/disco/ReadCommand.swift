import ArgumentParser
import DiscoClient
import Foundation
import NIOCore

/// `disco read`: prints the events after an offset, one JSON object per line.
///
/// Payload and meta are printed as lowercase hex, so any bytes survive the trip.
struct ReadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "read", abstract: "Print events after an offset as JSON lines.")

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Print events after this offset.")
    var after: UInt64 = 0

    @Option(help: "Only these types (comma-separated).")
    var types: String = ""

    @Option(help: "Print at most this many events.")
    var limit: Int?

    func run() async throws {
        let types = self.types.split(separator: ",").map(String.init)
        try await self.connection.withClient { client in
            var printed = 0
            for try await event in client.events(after: self.after, types: types) {
                if let limit = self.limit, printed >= limit { break }
                try JSONLines.print([
                    "offset": event.offset,
                    "id": event.id.uuidString.lowercased(),
                    "type": event.type,
                    "aggregate_id": event.aggregateID ?? NSNull(),
                    "aggregate_version": event.aggregateVersion,
                    "emitted_at": event.emittedAtMicroseconds,
                    "payload_hex": event.payload.hexString,
                    "meta_hex": event.meta.hexString,
                ])
                printed += 1
            }
        }
    }
}

extension ByteBuffer {
    /// The readable bytes as lowercase hex.
    var hexString: String {
        let digits = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(self.readableBytes * 2)
        for byte in self.readableBytesView {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }
}

/// Prints JSON objects, one per line, with sorted keys.
enum JSONLines {
    static func print(_ object: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        Swift.print(String(decoding: data, as: UTF8.self))
    }
}
