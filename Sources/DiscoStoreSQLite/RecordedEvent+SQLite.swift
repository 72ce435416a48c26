import DiscoStore
import struct Foundation.UUID
import NIOCore
import SQLiteNIO

extension RecordedEvent {
    /// The columns ``init(row:)`` reads, for `SELECT` lists.
    static let sqliteColumns = #""offset", id, type, aggregate_id, aggregate_version, emitted_at, payload, meta"#

    /// Decodes a row of `disco_events` selected with ``sqliteColumns``.
    init(row: SQLiteRow) throws {
        guard let offset = row.column("offset")?.integer,
            let id = row.column("id").flatMap(UUID.init(sqliteData:)),
            let type = row.column("type")?.string,
            let emittedAt = row.column("emitted_at")?.integer,
            case .blob(let payload)? = row.column("payload"),
            case .blob(let meta)? = row.column("meta")
        else {
            throw EventStoreError(.storageFailure, reason: "malformed row in disco_events")
        }
        self.init(
            offset: Int64(offset),
            id: id,
            type: type,
            aggregateID: row.column("aggregate_id")?.string,
            aggregateVersion: row.column("aggregate_version")?.integer.map(Int64.init),
            emittedAt: EventTimestamp(microsecondsSinceEpoch: Int64(emittedAt)),
            payload: payload,
            meta: meta
        )
    }
}

extension UUID {
    /// The id as the 16-byte blob `disco_events.id` holds.
    var sqliteData: SQLiteData {
        .blob(withUnsafeBytes(of: self.uuid) { ByteBuffer(bytes: $0) })
    }

    /// Decodes a 16-byte blob; `nil` for anything else.
    init?(sqliteData: SQLiteData) {
        guard case .blob(let buffer) = sqliteData, buffer.readableBytes == 16,
            let bytes = buffer.getBytes(at: buffer.readerIndex, length: 16)
        else {
            return nil
        }
        self.init(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            )
        )
    }
}
