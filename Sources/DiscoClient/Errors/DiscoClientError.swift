import DiscoProtocol

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An error of a ``DiscoClient`` operation: an error the server answered, or one the client ran into.
///
/// Act on ``code`` (and ``details`` for conflicts); ``isRetriable`` says whether the same operation may succeed
/// if tried again later. ``description`` names only the code; ``debugDescription`` adds the server's message,
/// the details, the underlying error and the source location. Neither ever contains payload bytes.
public struct DiscoClientError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong.
    public var code: Code
    /// Typed details, for the codes that carry some (conflicts, limits).
    public var details: Details?
    /// A human-readable account: the server's `ERROR` message, or what the client saw.
    public var message: String
    /// The error that caused this one, when there is one (a socket error, a decoding error...).
    public var underlying: (any Error)?
    /// The source file that raised the error.
    public var file: String
    /// The source line that raised the error.
    public var line: Int

    /// Creates an error.
    public init(
        code: Code,
        message: String,
        details: Details? = nil,
        underlying: (any Error)? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.details = details
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    /// Whether the same operation may succeed if tried again later (after a pause, or on a new connection).
    public var isRetriable: Bool {
        self.code.isRetriable
    }

    /// The code only: generic, safe to log anywhere.
    public var description: String {
        "DiscoClientError(\(self.code))"
    }

    /// The code, message, details, underlying error and source location.
    public var debugDescription: String {
        var text = "DiscoClientError(\(self.code)): \(self.message)"
        if let details = self.details {
            text += " details: \(details)"
        }
        if let underlying = self.underlying {
            text += " underlying: \(String(reflecting: underlying))"
        }
        return text + " [\(self.file):\(self.line)]"
    }

    /// The typed details of an error.
    public enum Details: Hashable, Sendable {
        /// ``Code-swift.struct/versionConflict``: the first expectation that failed and the aggregate's actual
        /// current version (0 when it has no events).
        case versionConflict(aggregateID: String, expected: ExpectedVersion, actual: UInt64)
        /// ``Code-swift.struct/eventIDConflict``: one of the conflicting event ids.
        case eventIDConflict(id: UUID)
        /// ``Code-swift.struct/consumerOffsetConflict``: the consumer's current offset, and whether it has one.
        case consumerOffsetConflict(actual: UInt64, known: Bool)
        /// ``Code-swift.struct/tooManyInFlight``: the connection's limit.
        case tooManyInFlight(max: UInt32)
        /// ``Code-swift.struct/frameTooLarge``: the receiver's maximum frame size.
        case frameTooLarge(limit: UInt32)
        /// ``Code-swift.struct/unsupportedVersion``: the protocol versions the server speaks.
        case unsupportedVersion(min: UInt16, max: UInt16)
        /// ``Code-swift.struct/unsupportedCodec``: the codec number that was refused.
        case unsupportedCodec(UInt8)
        /// ``Code-swift.struct/unknownOpcode``: the opcode that was refused.
        case unknownOpcode(UInt8)
        /// ``Code-swift.struct/unknownServerError``: the wire code this client does not know.
        case unknownServerCode(UInt16)
    }
}
