/// The limits of protocol v1 (`protocol/README.md`, "Limits").
public enum ProtocolLimits {
    /// The default and largest maximum frame size a server announces: 16 MiB.
    public static let defaultMaxFrameSize: UInt32 = 16 * 1024 * 1024
    /// The frame size limit a server applies before the handshake completes: 64 KiB.
    public static let handshakeMaxFrameSize: UInt32 = 64 * 1024
    /// The smallest `max_frame_size` a peer may announce: 64 KiB.
    public static let minimumMaxFrameSize: UInt32 = 64 * 1024
    /// The default `max_batch_events`: the most events in one `EMIT`.
    public static let defaultMaxBatchEvents: UInt32 = 10_000
    /// Event types are 1...255 UTF-8 bytes.
    public static let typeLength = 1...255
    /// Aggregate ids are 0...255 UTF-8 bytes (empty: no aggregate).
    public static let aggregateIDLength = 0...255
    /// Consumer names are 1...255 UTF-8 bytes.
    public static let consumerLength = 1...255
    /// Client and server names are 0...255 UTF-8 bytes.
    public static let peerNameLength = 0...255
    /// A read or subscription filters on at most 64 types.
    public static let maxTypeFilters = 64
    /// Frame header (10 bytes) plus batch block header (9 bytes): what an `EVENTS` frame adds to its records.
    public static let eventsFrameOverhead = FrameHeader.size + 9

    /// The largest `records_size` an `EVENTS` frame can carry uncompressed within `maxFrameSize`.
    public static func eventsRecordsBudget(maxFrameSize: Int) -> Int {
        maxFrameSize - Self.eventsFrameOverhead
    }
}
