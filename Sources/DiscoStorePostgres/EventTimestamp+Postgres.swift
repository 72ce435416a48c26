import DiscoStore
import NIOCore
import PostgresNIO

extension EventTimestamp: PostgresDecodable {
    /// Microseconds from 1970-01-01 (Unix) to 2000-01-01 (PostgreSQL's epoch).
    static let postgresEpochOffset: Int64 = 946_684_800_000_000

    /// Decodes a binary `timestamptz` (microseconds since 2000-01-01) without going through `Date`'s floating
    /// point, so microseconds survive exactly.
    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer,
        type: PostgresDataType,
        format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard type == .timestamptz || type == .timestamp else {
            throw PostgresDecodingError.Code.typeMismatch
        }
        guard format == .binary, buffer.readableBytes == 8, let microseconds = buffer.readInteger(as: Int64.self)
        else {
            throw PostgresDecodingError.Code.failure
        }
        self.init(microsecondsSinceEpoch: microseconds + Self.postgresEpochOffset)
    }
}
