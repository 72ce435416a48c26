import CompressNIO
import NIOCore

extension EventBatch {
    /// Batches smaller than this are sent uncompressed even when zlib is negotiated.
    public static var compressionThreshold: Int { 1024 }

    /// Appends the batch block.
    ///
    /// With ``codec`` `zlib`, the records are deflated straight into `buffer` when they are at least
    /// ``compressionThreshold`` bytes; if the compressed form is not smaller, the block is written with codec
    /// `none` instead. Encoding never fails.
    public func encode(into buffer: inout ByteBuffer) {
        let start = buffer.writerIndex
        if self.codec == .zlib, self.recordsSize >= Self.compressionThreshold {
            buffer.writeMultipleIntegers(BatchCodec.zlib.rawValue, UInt32(self.eventCount), UInt32(self.recordsSize))
            if self.deflate(into: &buffer, smallerThan: self.recordsSize) {
                return
            }
            buffer.moveWriterIndex(to: start)
        }
        buffer.writeMultipleIntegers(BatchCodec.none.rawValue, UInt32(self.eventCount), UInt32(self.recordsSize))
        buffer.writeImmutableBuffer(self.recordBytes)
    }

    /// Deflates the records onto the end of `buffer`; returns `false` (leaving garbage past the original
    /// writer index) when zlib fails or the result is not smaller than `limit`.
    private func deflate(into buffer: inout ByteBuffer, smallerThan limit: Int) -> Bool {
        let start = buffer.writerIndex
        do {
            let compressor = try ZlibCompressor(
                algorithm: .zlib,
                configuration: ZlibConfiguration(compressionLevel: .fastestCompression)
            )
            var records = self.recordBytes
            buffer.reserveCapacity(minimumWritableBytes: compressor.maxSize(from: records))
            try compressor.deflate(from: &records, to: &buffer, flush: .finish)
        } catch {
            return false
        }
        return buffer.writerIndex - start < limit
    }
}
