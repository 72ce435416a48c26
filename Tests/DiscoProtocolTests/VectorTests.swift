import DiscoProtocol
import NIOCore
import Testing

/// Runs every vector of `protocol/vectors/`.
@Suite struct VectorTests {
    static let defaultMaxFrameSize = Int(ProtocolLimits.defaultMaxFrameSize)

    /// Splits `bytes` into exactly one frame.
    static func singleFrame(_ bytes: ByteBuffer, maxFrameSize: Int = defaultMaxFrameSize) throws -> Frame {
        var buffer = bytes
        var decoder = FrameDecoder(maxFrameSize: maxFrameSize)
        let frame = try #require(try decoder.decode(buffer: &buffer))
        #expect(buffer.readableBytes == 0)
        return frame
    }

    @Test func vectorFilesAreThere() {
        #expect(ProtocolVectors.valid.count >= 20)
        #expect(ProtocolVectors.structural.count >= 25)
        #expect(!ProtocolVectors.semantic.isEmpty)
    }

    @Test(arguments: ProtocolVectors.valid)
    func validVector(_ vector: JSONValue) throws {
        let name = vector["name"]?.string ?? "?"
        let bytes = ByteBuffer(hex: try #require(vector["hex"]?.string))
        let frame = try Self.singleFrame(bytes)
        #expect(frame.opcode.map { "\($0)" } == vector["opcode"]?.string, "\(name)")
        #expect(Int(frame.requestID) == vector["request_id"]?.int, "\(name)")
        let expected = try #require(vector["fields"])

        if vector["direction"]?.string == "client_to_server" {
            try Self.check(
                frame,
                bytes: bytes,
                expected: expected,
                name: name,
                decode: ClientMessage.init,
                fields: WireJSON.fields
            )
        } else {
            try Self.check(
                frame,
                bytes: bytes,
                expected: expected,
                name: name,
                decode: ServerMessage.init,
                fields: WireJSON.fields
            )
        }
    }

    /// Decodes `frame`, compares its fields, and checks that encoding gives the same bytes — or, for a zlib
    /// batch, a frame that decodes to the same fields.
    static func check<Message: FrameMessage>(
        _ frame: Frame,
        bytes: ByteBuffer,
        expected: JSONValue,
        name: String,
        decode: (Frame, Int) throws -> Message,
        fields: (Message) -> JSONValue
    ) throws {
        let message = try decode(frame, Self.defaultMaxFrameSize)
        #expect(fields(message) == expected, "\(name)")
        var encoded = ByteBuffer()
        message.encodeFrame(requestID: frame.requestID, into: &encoded)
        if expected["batch"]?["codec"]?.int == 1 {
            let again = try decode(Self.singleFrame(encoded), Self.defaultMaxFrameSize)
            #expect(fields(again) == expected, "\(name): round trip")
        } else {
            #expect(encoded == bytes, "\(name): re-encoding gives other bytes: \(encoded.hex)")
        }
    }

    @Test(arguments: ProtocolVectors.structural)
    func structurallyInvalidVector(_ vector: JSONValue) throws {
        let name = vector["name"]?.string ?? "?"
        let maxFrameSize = vector["max_frame_size"]?.int ?? Self.defaultMaxFrameSize
        var buffer = ByteBuffer(hex: try #require(vector["hex"]?.string))
        var decoder = FrameDecoder(maxFrameSize: maxFrameSize)

        if vector["outcome"]?.string == "incomplete" {
            #expect(try decoder.decode(buffer: &buffer) == nil, "\(name)")
            #expect(try decoder.decodeLast(buffer: &buffer, seenEOF: true) == nil, "\(name)")
            return
        }
        let error = try #require(vector["error"])
        let thrown = #expect(throws: ProtocolError.self, "\(name)") {
            guard let frame = try decoder.decode(buffer: &buffer) else { return }
            if vector["direction"]?.string == "client_to_server" {
                _ = try ClientMessage(frame: frame, maxRecordsSize: maxFrameSize)
            } else {
                _ = try ServerMessage(frame: frame, maxRecordsSize: maxFrameSize)
            }
        }
        #expect(thrown?.code.errorCode.name == error["code"]?.string, "\(name): \(String(describing: thrown))")
        #expect(thrown?.kind.name == error["kind"]?.string, "\(name): \(String(describing: thrown))")
        if let requestID = vector["request_id"]?.int {
            #expect(thrown.map { Int($0.requestID) } == requestID, "\(name)")
        }
    }

    @Test(arguments: ProtocolVectors.semantic)
    func semanticallyInvalidVector(_ vector: JSONValue) throws {
        let name = vector["name"]?.string ?? "?"
        let frame = try Self.singleFrame(ByteBuffer(hex: try #require(vector["hex"]?.string)))
        let message = try ClientMessage(frame: frame, maxRecordsSize: Self.defaultMaxFrameSize)
        let maxBatchEvents = UInt32(vector["max_batch_events"]?.int ?? Int(ProtocolLimits.defaultMaxBatchEvents))
        let thrown = #expect(throws: ProtocolError.self, "\(name)") {
            try message.validate(maxBatchEvents: maxBatchEvents)
        }
        #expect(thrown?.code == .invalidArgument, "\(name)")
        #expect(thrown?.kind == .invalidArgument, "\(name)")
    }

    @Test(arguments: ProtocolVectors.valid.filter { $0["direction"]?.string == "client_to_server" })
    func validClientVectorsPassValidation(_ vector: JSONValue) throws {
        let frame = try Self.singleFrame(ByteBuffer(hex: try #require(vector["hex"]?.string)))
        try ClientMessage(frame: frame, maxRecordsSize: Self.defaultMaxFrameSize).validate()
    }
}
