import DiscoProtocol
import NIOCore
import Testing

@Suite struct ProtocolErrorTests {
    @Test func everyDefinedWireCodeHasOneCode() {
        for errorCode in ErrorCode.allDefined {
            #expect(ProtocolError.Code(errorCode)?.errorCode == errorCode)
            #expect(errorCode.name != nil)
        }
        #expect(Set(ErrorCode.allDefined).count == 21)
        #expect(ProtocolError.Code(ErrorCode(rawValue: 999)) == nil)
        #expect(ErrorCode(rawValue: 999).description == "UNKNOWN(999)")
    }

    @Test func retriableCodesFollowTheTable() {
        let retriable = ErrorCode.allDefined.filter(\.isRetriable).map(\.rawValue)
        #expect(retriable == [11, 30, 31, 32, 33, 34])
    }

    @Test func descriptionNeverShowsTheBytes() throws {
        var bytes = ByteBuffer(bytes: [0, 0, 0, 10, 0x02, 0, 0, 0, 0, 4, 0xde, 0xad, 0xbe, 0xef])
        var decoder = FrameDecoder(maxFrameSize: 1024)
        let frame = try #require(try decoder.decode(buffer: &bytes))
        let error = #expect(throws: ProtocolError.self) { try ClientMessage(frame: frame, maxRecordsSize: 1024) }
        #expect(error?.rawOpcode == Opcode.ping.rawValue)
        #expect(error?.requestID == 4)
        #expect(error?.description.contains("dead") == false)
        #expect(error?.description.contains("PING") == true)
    }

    @Test func errorMessageCarriesTheDetails() {
        let error = ProtocolError(
            code: .frameTooLarge,
            kind: .frameTooLarge,
            message: "too big",
            requestID: 3,
            details: .frameTooLarge(limit: 10),
            rawBytes: ByteBuffer(bytes: [0xca, 0xfe])
        )
        #expect(
            error.errorMessage == .init(code: .frameTooLarge, message: "too big", details: .frameTooLarge(limit: 10))
        )
        #expect(error.debugDescription.contains("cafe"))
        #expect(!error.description.contains("cafe"))
    }
}

@Suite struct ErrorMessageTests {
    @Test func longMessagesAreCutAtACharacterBoundary() throws {
        let long = String(repeating: "é", count: 5000)
        var buffer = ByteBuffer()
        ServerMessage.error(.init(code: .internal, message: long)).encodeFrame(requestID: 1, into: &buffer)
        var decoder = FrameDecoder(maxFrameSize: 1 << 20)
        let frame = try #require(try decoder.decode(buffer: &buffer))
        guard case .error(let error) = try ServerMessage(frame: frame, maxRecordsSize: 0) else {
            Issue.record("not an ERROR")
            return
        }
        #expect(error.message.utf8.count == ServerMessage.ErrorMessage.maxMessageBytes)
        #expect(long.hasPrefix(error.message))
    }
}
