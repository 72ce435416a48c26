import NIOCore

extension ServerMessage {
    /// `PONG` (0x82): `u64 nonce`, the `PING`'s nonce.
    public struct Pong: Hashable, Sendable {
        /// The nonce of the `PING` this answers.
        public var nonce: UInt64

        /// Creates a `PONG`.
        public init(nonce: UInt64) {
            self.nonce = nonce
        }

        static func decode(from buffer: inout ByteBuffer) throws(ProtocolError) -> Pong {
            Pong(nonce: try buffer.readWireInteger("nonce"))
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeInteger(self.nonce)
        }
    }
}
