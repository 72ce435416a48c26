import NIOCore

extension ClientMessage {
    /// `HELLO` (0x01): the first frame of every connection.
    ///
    /// `u16 min_version, u16 max_version, string client_name, string auth_token, u8 codec_count,
    /// codec_count × u8 codec, u32 max_frame_size`.
    public struct Hello: Hashable, Sendable {
        /// The oldest protocol version the client speaks.
        public var minVersion: ProtocolVersion
        /// The newest protocol version the client speaks.
        public var maxVersion: ProtocolVersion
        /// A name for logs (at most 255 bytes).
        public var clientName: String
        /// The auth token; empty for none.
        public var authToken: String
        /// The codec numbers the client accepts, in its order of preference; unknown numbers are kept here
        /// and ignored by ``knownCodecs``.
        public var codecs: [UInt8]
        /// The largest frame (all bytes, length field included) the client accepts.
        public var maxFrameSize: UInt32

        /// Creates a `HELLO`.
        public init(
            minVersion: ProtocolVersion = .minimumSupported,
            maxVersion: ProtocolVersion = .maximumSupported,
            clientName: String,
            authToken: String = "",
            codecs: [UInt8] = [BatchCodec.zlib.rawValue],
            maxFrameSize: UInt32 = ProtocolLimits.defaultMaxFrameSize
        ) {
            self.minVersion = minVersion
            self.maxVersion = maxVersion
            self.clientName = clientName
            self.authToken = authToken
            self.codecs = codecs
            self.maxFrameSize = maxFrameSize
        }

        /// The codecs this implementation knows, in the client's order of preference.
        public var knownCodecs: [BatchCodec] {
            self.codecs.compactMap(BatchCodec.init(rawValue:))
        }

        static func decode(from buffer: inout ByteBuffer) throws(ProtocolError) -> Hello {
            let minVersion = try buffer.readWireInteger("min_version", as: UInt16.self)
            let maxVersion = try buffer.readWireInteger("max_version", as: UInt16.self)
            let clientName = try buffer.readWireString("client_name")
            let authToken = try buffer.readWireString("auth_token")
            let codecCount = Int(try buffer.readWireInteger("codec_count", as: UInt8.self))
            guard let codecs = buffer.readBytes(length: codecCount) else { throw .truncated("codecs") }
            let maxFrameSize = try buffer.readWireInteger("max_frame_size", as: UInt32.self)
            return Hello(
                minVersion: ProtocolVersion(rawValue: minVersion),
                maxVersion: ProtocolVersion(rawValue: maxVersion),
                clientName: clientName,
                authToken: authToken,
                codecs: codecs,
                maxFrameSize: maxFrameSize
            )
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeMultipleIntegers(self.minVersion.rawValue, self.maxVersion.rawValue)
            buffer.writeWireString(self.clientName)
            buffer.writeWireString(self.authToken)
            buffer.writeInteger(UInt8(self.codecs.count))
            buffer.writeBytes(self.codecs)
            buffer.writeInteger(self.maxFrameSize)
        }
    }
}
