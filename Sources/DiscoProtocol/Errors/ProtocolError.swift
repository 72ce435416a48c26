import NIOCore

/// An error of the Disco protocol: a frame or message that does not decode, a field out of range, or a
/// request the connection's state does not allow.
///
/// ``description`` names the code, the opcode, the request id and what was wrong — never payload bytes.
/// ``debugDescription`` adds the raw bytes involved, when there are some.
public struct ProtocolError: Error, Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The wire error this becomes when sent to the peer.
    public var code: Code
    /// What exactly went wrong.
    public var kind: Kind
    /// A human-readable account of what was wrong, without payload bytes.
    public var message: String
    /// The raw opcode of the frame at fault, when known.
    public var rawOpcode: UInt8?
    /// The request id of the frame at fault; 0 for connection-level errors.
    public var requestID: UInt32
    /// The details to send with the error (for example the frame size limit with `FRAME_TOO_LARGE`).
    public var details: ErrorDetails
    /// The bytes involved, shown only in ``debugDescription``.
    public var rawBytes: ByteBuffer?
    /// The source file that raised the error.
    public var file: String
    /// The source line that raised the error.
    public var line: Int

    /// Creates an error.
    public init(
        code: Code,
        kind: Kind,
        message: String,
        rawOpcode: UInt8? = nil,
        requestID: UInt32 = 0,
        details: ErrorDetails = .none,
        rawBytes: ByteBuffer? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.kind = kind
        self.message = message
        self.rawOpcode = rawOpcode
        self.requestID = requestID
        self.details = details
        self.rawBytes = rawBytes
        self.file = file
        self.line = line
    }

    /// Whether the connection must close after this error is sent: when the code always closes, or when
    /// the error is connection-level (request id 0).
    public var closesConnection: Bool {
        self.code.closesConnection || self.requestID == 0
    }

    /// The `ERROR` message that reports this error to the peer.
    public var errorMessage: ServerMessage.ErrorMessage {
        ServerMessage.ErrorMessage(code: self.code.errorCode, message: self.message, details: self.details)
    }

    /// The code, opcode, request id and message.
    public var description: String {
        var text = "\(self.code) (\(self.kind))"
        if let rawOpcode = self.rawOpcode {
            let name = Opcode(rawValue: rawOpcode).map { "\($0)" } ?? "0x" + String(rawOpcode, radix: 16)
            text += " in \(name)"
        }
        text += " request \(self.requestID): \(self.message)"
        return text
    }

    /// The description plus the raw bytes and the source location.
    public var debugDescription: String {
        var text = self.description + " [\(self.file):\(self.line)]"
        if let rawBytes = self.rawBytes {
            text +=
                " bytes: "
                + rawBytes.readableBytesView.map { byte in
                    let hex = String(byte, radix: 16)
                    return byte < 16 ? "0" + hex : hex
                }.joined()
        }
        return text
    }

    /// Returns the error with the opcode and request id of the frame being decoded.
    func located(rawOpcode: UInt8, requestID: UInt32) -> ProtocolError {
        var error = self
        error.rawOpcode = rawOpcode
        error.requestID = requestID
        return error
    }

    // MARK: - Decoding failures

    static func truncated(_ field: String, file: String = #fileID, line: Int = #line) -> ProtocolError {
        ProtocolError(
            code: .malformedFrame,
            kind: .truncated,
            message: "body ends inside \(field)",
            file: file,
            line: line
        )
    }

    static func trailingBytes(_ count: Int, file: String = #fileID, line: Int = #line) -> ProtocolError {
        ProtocolError(
            code: .malformedFrame,
            kind: .trailingBytes,
            message: "\(count) bytes left after the last field",
            file: file,
            line: line
        )
    }

    static func malformed(
        _ kind: Kind,
        _ message: String,
        file: String = #fileID,
        line: Int = #line
    ) -> ProtocolError {
        ProtocolError(code: .malformedFrame, kind: kind, message: message, file: file, line: line)
    }

    /// An `INVALID_ARGUMENT` error with a message naming the field and the rule it breaks.
    public static func invalidArgument(_ message: String, file: String = #fileID, line: Int = #line) -> ProtocolError {
        ProtocolError(code: .invalidArgument, kind: .invalidArgument, message: message, file: file, line: line)
    }
}
