import CompressNIO
import DiscoProtocol
import NIOCore

/// libFuzzer entry point. The first byte picks what the rest of the input is fed to:
/// 0: a byte stream through `FrameDecoder`, then both message decoders, validation and a re-encoding check;
/// 1/2: a batch block of stored/new records; 3: records wrapped in a valid zlib block (exercises inflating).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let input = ByteBuffer(bytes: UnsafeBufferPointer(start: data + 1, count: size - 1))
    switch data[0] % 4 {
    case 0: fuzzFrames(input)
    case 1: fuzzBatch(input, as: StoredEventRecord.self)
    case 2: fuzzBatch(input, as: NewEventRecord.self)
    default: fuzzCompressedRecords(input)
    }
    return 0
}

let maxRecordsSize = 1 << 16

func fuzzFrames(_ input: ByteBuffer) {
    var buffer = input
    var decoder = FrameDecoder(maxFrameSize: 1 << 16)
    while let frame = try? decoder.decode(buffer: &buffer) {
        if let message = try? ClientMessage(frame: frame, maxRecordsSize: maxRecordsSize) {
            _ = try? message.validate()
            checkReencoding(message, requestID: frame.requestID) { try ClientMessage(frame: $0, maxRecordsSize: $1) }
        }
        if let message = try? ServerMessage(frame: frame, maxRecordsSize: maxRecordsSize) {
            checkReencoding(message, requestID: frame.requestID) { try ServerMessage(frame: $0, maxRecordsSize: $1) }
        }
    }
}

/// A decoded message must encode to a frame that decodes to an equal message (a zlib batch may come back
/// uncompressed, so batches compare by their records).
func checkReencoding<M: FrameMessage>(
    _ message: M,
    requestID: UInt32,
    decode: (Frame, Int) throws -> M
) {
    var encoded = ByteBuffer()
    message.encodeFrame(requestID: requestID, into: &encoded)
    var decoder = FrameDecoder(maxFrameSize: Int(UInt32.max))
    guard let frame = try? decoder.decode(buffer: &encoded), let again = try? decode(frame, Int(UInt32.max)) else {
        fatalError("re-encoded \(message.opcode) does not decode")
    }
    precondition(sameContent(message, again), "re-encoded \(message.opcode) differs")
}

func sameContent<M: FrameMessage>(_ lhs: M, _ rhs: M) -> Bool {
    switch (lhs as? ClientMessage, rhs as? ClientMessage, lhs as? ServerMessage, rhs as? ServerMessage) {
    case (.emit(let a)?, .emit(let b)?, _, _):
        return a.expectations == b.expectations && Array(a.events) == Array(b.events)
    case (_, _, .events(let a)?, .events(let b)?):
        return Array(a) == Array(b)
    default:
        return lhs == rhs
    }
}

func fuzzBatch<Record: EventRecord>(_ input: ByteBuffer, as: Record.Type) {
    var buffer = input
    guard let batch = try? EventBatch<Record>.decode(from: &buffer, maxRecordsSize: maxRecordsSize) else { return }
    let records = Array(batch)
    precondition(records.count == batch.eventCount)
}

func fuzzCompressedRecords(_ input: ByteBuffer) {
    var records = input
    guard let eventCount = records.readInteger(as: UInt32.self) else { return }
    let recordsSize = records.readableBytes
    guard
        let compressed = try? records.compress(with: .zlib(configuration: .init(compressionLevel: .fastestCompression)))
    else { return }
    var block = ByteBuffer()
    block.writeMultipleIntegers(BatchCodec.zlib.rawValue, eventCount, UInt32(recordsSize))
    block.writeImmutableBuffer(compressed)
    fuzzBatch(block, as: StoredEventRecord.self)
}
