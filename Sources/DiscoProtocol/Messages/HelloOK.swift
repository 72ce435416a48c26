import NIOCore

extension ServerMessage {
    /// `HELLO_OK` (0x81): the handshake succeeded.
    ///
    /// `u16 version, string server_name, u8 codec, u32 max_frame_size, u32 max_in_flight, u32 max_batch_events`.
    public struct HelloOK: Hashable, Sendable {
        /// The version chosen for this connection.
        public var version: ProtocolVersion
        /// A name for logs.
        public var serverName: String
        /// The codec the server uses for the batches it sends; the client may use it or `none` in `EMIT`.
        public var codec: BatchCodec
        /// The largest frame (all bytes, length field included) the server accepts.
        public var maxFrameSize: UInt32
        /// The most requests plus open streams the connection may have at once.
        public var maxInFlight: UInt32
        /// The most events one `EMIT` may carry.
        public var maxBatchEvents: UInt32

        /// Creates a `HELLO_OK`.
        public init(
            version: ProtocolVersion,
            serverName: String,
            codec: BatchCodec,
            maxFrameSize: UInt32,
            maxInFlight: UInt32,
            maxBatchEvents: UInt32
        ) {
            self.version = version
            self.serverName = serverName
            self.codec = codec
            self.maxFrameSize = maxFrameSize
            self.maxInFlight = maxInFlight
            self.maxBatchEvents = maxBatchEvents
        }

        static func decode(from buffer: inout ByteBuffer) throws(ProtocolError) -> HelloOK {
            let version = try buffer.readWireInteger("version", as: UInt16.self)
            let serverName = try buffer.readWireString("server_name")
            let rawCodec = try buffer.readWireInteger("codec", as: UInt8.self)
            guard let codec = BatchCodec(rawValue: rawCodec) else {
                throw ProtocolError(
                    code: .unsupportedCodec,
                    kind: .unknownCodec,
                    message: "HELLO_OK codec \(rawCodec) is not defined",
                    details: .unsupportedCodec(rawCodec)
                )
            }
            let (maxFrameSize, maxInFlight, maxBatchEvents) = try buffer.readLimits()
            return HelloOK(
                version: ProtocolVersion(rawValue: version),
                serverName: serverName,
                codec: codec,
                maxFrameSize: maxFrameSize,
                maxInFlight: maxInFlight,
                maxBatchEvents: maxBatchEvents
            )
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeInteger(self.version.rawValue)
            buffer.writeWireString(self.serverName)
            buffer.writeMultipleIntegers(self.codec.rawValue, self.maxFrameSize, self.maxInFlight, self.maxBatchEvents)
        }
    }
}

extension ByteBuffer {
    fileprivate mutating func readLimits() throws(ProtocolError) -> (UInt32, UInt32, UInt32) {
        guard let limits = self.readMultipleIntegers(as: (UInt32, UInt32, UInt32).self) else {
            throw .truncated("max_frame_size, max_in_flight, max_batch_events")
        }
        return limits
    }
}
