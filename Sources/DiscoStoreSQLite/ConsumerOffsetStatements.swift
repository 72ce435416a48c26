import DiscoStore
import SQLiteNIO

/// A change of a consumer's offset, made by the writer inside a group commit (so that it is serialised with
/// every other write of the file and needs no lock of its own).
enum ConsumerWrite: Sendable {
    /// Set the offset; with `expected`, only if the current offset (0 for an unknown consumer) equals it.
    case update(name: String, offset: Int64, expected: Int64?)
    /// Set a known consumer's offset to 0.
    case reset(name: String)
}

/// The statements behind consumer offsets; `disco_consumers` has one row per consumer name.
enum ConsumerOffsetStatements {
    static func offset(of name: String, on connection: SQLiteConnection) async throws -> ConsumerOffset {
        let rows = try await connection.query(#"SELECT "offset" FROM disco_consumers WHERE name = ?"#, [.text(name)])
        guard let row = rows.first else {
            return .unknown
        }
        guard let offset = row.column("offset")?.integer else {
            throw EventStoreError(.storageFailure, reason: "malformed row in disco_consumers")
        }
        return ConsumerOffset(offset: Int64(offset), known: true)
    }

    /// Applies `write` inside the writer's transaction: a conflict or an unknown consumer is a failed
    /// outcome that changes nothing; database errors throw.
    static func apply(_ write: ConsumerWrite, on connection: SQLiteConnection) async throws -> Result<Void, EventStoreError> {
        switch write {
        case .update(let name, let offset, let expected):
            let current = try await Self.offset(of: name, on: connection)
            if let expected, expected != current.offset {
                return .failure(.consumerOffsetConflict(consumer: name, actual: current))
            }
            _ = try await connection.query(
                #"INSERT INTO disco_consumers (name, "offset") VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET "offset" = excluded."offset""#,
                [.text(name), .integer(Int(offset))]
            )
        case .reset(let name):
            guard try await Self.offset(of: name, on: connection).known else {
                return .failure(.unknownConsumer(name))
            }
            _ = try await connection.query(#"UPDATE disco_consumers SET "offset" = 0 WHERE name = ?"#, [.text(name)])
        }
        return .success(())
    }
}
