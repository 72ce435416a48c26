import DiscoProtocol

extension DiscoClientError {
    /// The error a server's `ERROR` frame reports.
    init(_ error: ServerMessage.ErrorMessage, file: String = #fileID, line: Int = #line) {
        let code = Code(wire: error.code)
        self.init(
            code: code,
            message: error.message,
            details: code == .unknownServerError ? .unknownServerCode(error.code.rawValue) : Details(error.details),
            file: file,
            line: line
        )
    }

    /// The connection closed before the request's answer arrived.
    static func connectionClosed(
        _ message: String = "the connection closed",
        underlying: (any Error)? = nil,
        file: String = #fileID,
        line: Int = #line
    ) -> DiscoClientError {
        DiscoClientError(code: .connectionClosed, message: message, underlying: underlying, file: file, line: line)
    }

    /// The server sent something protocol v1 does not allow.
    static func protocolViolation(
        _ message: String,
        underlying: (any Error)? = nil,
        file: String = #fileID,
        line: Int = #line
    ) -> DiscoClientError {
        DiscoClientError(code: .protocolViolation, message: message, underlying: underlying, file: file, line: line)
    }

    /// The server answered with a message that is not an answer to the request.
    static func unexpectedAnswer(_ message: ServerMessage, file: String = #fileID, line: Int = #line) -> DiscoClientError {
        if case .error(let error) = message {
            return DiscoClientError(error, file: file, line: line)
        }
        return .protocolViolation("unexpected answer \(message.opcode)", file: file, line: line)
    }
}

extension DiscoClientError.Details {
    /// The typed form of wire details; `nil` for codes without details.
    init?(_ details: ErrorDetails) {
        switch details {
        case .none, .raw: return nil
        case .frameTooLarge(let limit): self = .frameTooLarge(limit: limit)
        case .unknownOpcode(let opcode): self = .unknownOpcode(opcode)
        case .unsupportedVersion(let min, let max): self = .unsupportedVersion(min: min, max: max)
        case .unsupportedCodec(let codec): self = .unsupportedCodec(codec)
        case .tooManyInFlight(let max): self = .tooManyInFlight(max: max)
        case .versionConflict(let conflict):
            self = .versionConflict(
                aggregateID: conflict.aggregateID,
                expected: ExpectedVersion(conflict.expected),
                actual: conflict.actual
            )
        case .eventIDConflict(let id): self = .eventIDConflict(id: id)
        case .consumerOffsetConflict(let actual, let known): self = .consumerOffsetConflict(actual: actual, known: known)
        }
    }
}
