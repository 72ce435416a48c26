import NIOCore

extension ClientMessage {
    /// `CREDIT` (0x28), sent with the stream's request id: `u32 additional`. No response.
    public struct Credit: Hashable, Sendable {
        /// How many more `EVENTS` frames the server may send (at least 1).
        public var additional: UInt32

        /// Creates a `CREDIT`.
        public init(additional: UInt32) {
            self.additional = additional
        }

        static func decode(from buffer: inout ByteBuffer) throws(ProtocolError) -> Credit {
            Credit(additional: try buffer.readWireInteger("additional"))
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeInteger(self.additional)
        }
    }
}
