import NIOCore

extension ServerMessage {
    /// `ERROR` (0xFF): a request failed (request id ≠ 0), or the connection is about to close (request id 0).
    ///
    /// `u16 code, string message, bytes details`.
    public struct ErrorMessage: Hashable, Sendable {
        /// The error code; codes this implementation does not know are kept.
        public var code: ErrorCode
        /// The longest `message` sent: longer messages are cut (at a character boundary) when encoded.
        public static let maxMessageBytes = 4096

        /// A human-readable message (never payload bytes).
        public var message: String
        /// The details, parsed per ``code``.
        public var details: ErrorDetails

        /// Creates an `ERROR`.
        public init(code: ErrorCode, message: String, details: ErrorDetails = .none) {
            self.code = code
            self.message = message
            self.details = details
        }

        static func decode(from buffer: inout ByteBuffer) throws(ProtocolError) -> ErrorMessage {
            let code = ErrorCode(rawValue: try buffer.readWireInteger("code", as: UInt16.self))
            let message = try buffer.readWireString("message")
            let details = try ErrorDetails.decode(try buffer.readWireBytes("details"), code: code)
            return ErrorMessage(code: code, message: message, details: details)
        }

        func encode(into buffer: inout ByteBuffer) {
            buffer.writeInteger(self.code.rawValue)
            buffer.writeWireString(self.message.prefix(utf8Bytes: Self.maxMessageBytes))
            let lengthIndex = buffer.writerIndex
            buffer.writeInteger(0, as: UInt32.self)
            self.details.encode(into: &buffer)
            buffer.setInteger(UInt32(buffer.writerIndex - lengthIndex - 4), at: lengthIndex)
        }
    }
}

extension String {
    /// The longest prefix of at most `limit` UTF-8 bytes that ends on a character boundary.
    fileprivate func prefix(utf8Bytes limit: Int) -> String {
        guard self.utf8.count > limit else { return self }
        var end = self.utf8.index(self.utf8.startIndex, offsetBy: limit)
        while !self.isCharacterBoundary(end) {
            end = self.utf8.index(before: end)
        }
        return String(self[..<end])
    }

    private func isCharacterBoundary(_ index: String.Index) -> Bool {
        index.samePosition(in: self) != nil
    }
}
