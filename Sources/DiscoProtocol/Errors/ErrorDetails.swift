import NIOCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The typed form of an `ERROR` frame's `details` bytes; the layout depends on the code
/// (`protocol/errors.md`).
public enum ErrorDetails: Hashable, Sendable {
    /// Empty details.
    case none
    /// `FRAME_TOO_LARGE`: `u32 limit`, the receiver's maximum frame size.
    case frameTooLarge(limit: UInt32)
    /// `UNKNOWN_OPCODE`: `u8 opcode`.
    case unknownOpcode(UInt8)
    /// `UNSUPPORTED_VERSION`: `u16 min, u16 max`, the versions the server speaks.
    case unsupportedVersion(min: UInt16, max: UInt16)
    /// `UNSUPPORTED_CODEC`: `u8 codec`.
    case unsupportedCodec(UInt8)
    /// `TOO_MANY_IN_FLIGHT`: `u32 max`.
    case tooManyInFlight(max: UInt32)
    /// `VERSION_CONFLICT`.
    case versionConflict(VersionConflictDetails)
    /// `EVENT_ID_CONFLICT`: `uuid id`, the conflicting event id.
    case eventIDConflict(id: UUID)
    /// `CONSUMER_OFFSET_CONFLICT`: `u64 actual, bool known`.
    case consumerOffsetConflict(actual: UInt64, known: Bool)
    /// Details this implementation does not interpret: a code it does not know, or nonempty details for a
    /// code that defines none.
    case raw(ByteBuffer)

    /// Parses `details` for `code`. A known layout must be consumed exactly; other details stay raw.
    static func decode(_ details: ByteBuffer, code: ErrorCode) throws(ProtocolError) -> ErrorDetails {
        var buffer = details
        let decoded: ErrorDetails
        switch code {
        case .frameTooLarge:
            decoded = .frameTooLarge(limit: try buffer.readWireInteger("limit"))
        case .unknownOpcode:
            decoded = .unknownOpcode(try buffer.readWireInteger("opcode"))
        case .unsupportedVersion:
            let min = try buffer.readWireInteger("server_min", as: UInt16.self)
            let max = try buffer.readWireInteger("server_max", as: UInt16.self)
            decoded = .unsupportedVersion(min: min, max: max)
        case .unsupportedCodec:
            decoded = .unsupportedCodec(try buffer.readWireInteger("codec"))
        case .tooManyInFlight:
            decoded = .tooManyInFlight(max: try buffer.readWireInteger("max"))
        case .versionConflict:
            decoded = .versionConflict(try VersionConflictDetails.decode(from: &buffer))
        case .eventIDConflict:
            decoded = .eventIDConflict(id: try buffer.readWireUUID("id"))
        case .consumerOffsetConflict:
            let actual = try buffer.readWireInteger("actual", as: UInt64.self)
            decoded = .consumerOffsetConflict(actual: actual, known: try buffer.readWireBool("known"))
        default:
            return details.readableBytes == 0 ? .none : .raw(details)
        }
        try buffer.expectFullyConsumed()
        return decoded
    }

    /// Appends the details bytes (without their `u32` length).
    func encode(into buffer: inout ByteBuffer) {
        switch self {
        case .none:
            break
        case .frameTooLarge(let limit):
            buffer.writeInteger(limit)
        case .unknownOpcode(let opcode):
            buffer.writeInteger(opcode)
        case .unsupportedVersion(let min, let max):
            buffer.writeMultipleIntegers(min, max)
        case .unsupportedCodec(let codec):
            buffer.writeInteger(codec)
        case .tooManyInFlight(let max):
            buffer.writeInteger(max)
        case .versionConflict(let details):
            details.encode(into: &buffer)
        case .eventIDConflict(let id):
            buffer.writeWireUUID(id)
        case .consumerOffsetConflict(let actual, let known):
            buffer.writeInteger(actual)
            buffer.writeWireBool(known)
        case .raw(let bytes):
            buffer.writeImmutableBuffer(bytes)
        }
    }
}
