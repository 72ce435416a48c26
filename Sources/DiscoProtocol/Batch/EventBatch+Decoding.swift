import CompressNIO
import NIOCore

extension EventBatch {
    /// Reads a batch block that runs to the end of `buffer` (a batch block is always the last field of a body).
    ///
    /// Checks, in this order: the 9-byte header is present; the codec is defined (`UNSUPPORTED_CODEC`);
    /// for codec 0, `records_size` equals the bytes that follow (`MALFORMED_FRAME`); for zlib, `records_size`
    /// is at most `maxRecordsSize` before anything is inflated, the stream inflates completely with nothing
    /// after it, and to exactly `records_size` bytes (`DECOMPRESSION_FAILED`); finally the records: exactly
    /// `event_count` well-formed records that fill `records_size` (`MALFORMED_FRAME`, `INVALID_UTF8`).
    ///
    /// - Parameter maxRecordsSize: the receiver's limit on `records_size` for compressed batches — its
    ///   maximum frame size.
    public static func decode(from buffer: inout ByteBuffer, maxRecordsSize: Int) throws(ProtocolError) -> Self {
        let rawCodec = try buffer.readWireInteger("batch codec", as: UInt8.self)
        let eventCount = try buffer.readWireInteger("event_count", as: UInt32.self)
        let recordsSize = Int(try buffer.readWireInteger("records_size", as: UInt32.self))
        guard let codec = BatchCodec(rawValue: rawCodec) else {
            throw ProtocolError(
                code: .unsupportedCodec,
                kind: .unknownCodec,
                message: "batch codec \(rawCodec) is not defined",
                details: .unsupportedCodec(rawCodec)
            )
        }
        var records: ByteBuffer
        switch codec {
        case .none:
            guard recordsSize == buffer.readableBytes else {
                throw .malformed(
                    .recordsSizeMismatch,
                    "records_size is \(recordsSize) but \(buffer.readableBytes) bytes follow"
                )
            }
            records = buffer.readSlice(length: recordsSize) ?? ByteBuffer()
        case .zlib:
            guard recordsSize <= maxRecordsSize else {
                throw ProtocolError(
                    code: .decompressionFailed,
                    kind: .recordsSizeOverLimit,
                    message: "records_size \(recordsSize) is over the limit of \(maxRecordsSize)"
                )
            }
            var compressed = buffer.readSlice(length: buffer.readableBytes) ?? ByteBuffer()
            records = try Self.inflate(&compressed, recordsSize: recordsSize)
        }
        let recordBytes = records
        for _ in 0..<eventCount {
            try Record.validate(from: &records)
        }
        guard records.readableBytes == 0 else {
            throw .malformed(
                .eventCountMismatch,
                "\(records.readableBytes) record bytes left after event_count (\(eventCount)) records"
            )
        }
        return EventBatch(codec: codec, eventCount: Int(eventCount), recordBytes: recordBytes)
    }

    /// Inflates one complete zlib stream into a buffer of at most `recordsSize + 1` bytes.
    private static func inflate(_ compressed: inout ByteBuffer, recordsSize: Int) throws(ProtocolError) -> ByteBuffer {
        func corrupt(_ what: String) -> ProtocolError {
            ProtocolError(code: .decompressionFailed, kind: .corruptCompressedData, message: what)
        }
        guard compressed.readableBytes > 0 else { throw corrupt("the compressed block is empty") }
        // One spare byte of room: a stream that inflates to more than records_size fills it, or overflows.
        var output = ByteBufferAllocator().buffer(capacity: recordsSize + 1)
        let decompressor: ZlibDecompressor
        do {
            decompressor = try ZlibDecompressor(algorithm: .zlib)
            try decompressor.inflate(from: &compressed, to: &output)
        } catch let error as CompressNIOError where error == .bufferOverflow {
            throw ProtocolError(
                code: .decompressionFailed,
                kind: .inflatedSizeMismatch,
                message: "the compressed block inflates to more than records_size (\(recordsSize))"
            )
        } catch {
            throw corrupt("the compressed block does not inflate")
        }
        guard compressed.readableBytes == 0 else {
            throw corrupt("\(compressed.readableBytes) bytes follow the end of the zlib stream")
        }
        // zlib reports a stream that simply stopped early as progress, not as an error. A finished stream
        // consumes no further input: offer it one byte and see whether it is taken.
        var probe = ByteBuffer(integer: UInt8(0))
        do {
            try decompressor.inflate(from: &probe, to: &output)
        } catch {
            throw corrupt("the zlib stream is incomplete")
        }
        guard probe.readableBytes == 1 else { throw corrupt("the zlib stream is incomplete") }
        guard output.readableBytes == recordsSize else {
            throw ProtocolError(
                code: .decompressionFailed,
                kind: .inflatedSizeMismatch,
                message:
                    "the compressed block inflates to \(output.readableBytes) bytes, not records_size \(recordsSize)"
            )
        }
        return output
    }
}
