import NIOCore

extension ClientMessage {
    /// `PING` (0x02): `u64 nonce`, echoed by `PONG`.
    public struct Ping: Hashable, Sendable {
        /// Any value; the server echoes it.
        public var nonce: UInt64

        /// Creates a `PING`.
        public init(nonce: UInt64) {
            self.nonce = nonce
        }

        static func decode(from buffer: inout ByteBuffer) throws(ProtocolError) -> Ping {
            Ping(nonce: try buffer.readWireInteger("nonce"))
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeInteger(self.nonce)
        }
    }
}
