import DiscoProtocol
import NIOCore
import NIOTestUtils
import Testing

@Suite struct FrameDecoderTests {
    static func frameBytes(_ frame: Frame) -> ByteBuffer {
        var buffer = ByteBuffer()
        frame.encode(into: &buffer)
        return buffer
    }

    @Test func decodesFramesFedInEveryFragmentation() throws {
        let frames = [
            Frame(opcode: .ping, requestID: 1, body: ByteBuffer(integer: UInt64(7))),
            Frame(opcode: .cancel, requestID: 2, body: ByteBuffer()),
            Frame(rawOpcode: 0x7F, requestID: 3, body: ByteBuffer(bytes: Array(repeating: 0xAB, count: 300))),
        ]
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: frames.map { (Self.frameBytes($0), [$0]) },
            decoderFactory: { FrameDecoder(maxFrameSize: 1024) }
        )
    }

    @Test func waitsForTheWholeFrame() throws {
        let bytes = Self.frameBytes(Frame(opcode: .ping, requestID: 9, body: ByteBuffer(integer: UInt64(1))))
        var decoder = FrameDecoder(maxFrameSize: 1024)
        for cut in 0..<bytes.readableBytes {
            var partial = bytes.getSlice(at: 0, length: cut)!
            #expect(try decoder.decode(buffer: &partial) == nil)
            #expect(partial.readableBytes == cut)
        }
    }

    @Test func rejectsAnOversizeFrameFromItsHeaderAlone() throws {
        var header = ByteBuffer()
        FrameHeader(length: 2000, rawOpcode: Opcode.emit.rawValue, requestID: 42).encode(into: &header)
        var decoder = FrameDecoder(maxFrameSize: 1024)
        let error = #expect(throws: ProtocolError.self) { try decoder.decode(buffer: &header) }
        #expect(error?.code == .frameTooLarge)
        #expect(error?.requestID == 42)
        #expect(error?.details == .frameTooLarge(limit: 1024))
        #expect(error?.closesConnection == true)
    }

    @Test func acceptsAFrameOfExactlyTheLimit() throws {
        var bytes = Self.frameBytes(Frame(opcode: .ping, requestID: 1, body: ByteBuffer(repeating: 0, count: 8)))
        var decoder = FrameDecoder(maxFrameSize: 18)
        #expect(try decoder.decode(buffer: &bytes) != nil)
    }

    @Test func badFramingIsConnectionLevel() throws {
        var bytes = ByteBuffer(bytes: [0, 0, 0, 6, 0x02, 0x80, 0, 0, 0, 5])
        var decoder = FrameDecoder(maxFrameSize: 1024)
        let error = #expect(throws: ProtocolError.self) { try decoder.decode(buffer: &bytes) }
        #expect(error?.kind == .nonzeroFlags)
        #expect(error?.requestID == 0)
        #expect(error?.closesConnection == true)
    }
}
