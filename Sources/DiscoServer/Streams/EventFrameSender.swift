import CoreMetrics
import DiscoProtocol
import DiscoStore

/// Sends events on one stream as EVENTS frames: as many events per frame as fit the client's maximum
/// frame size, compressed with the negotiated codec, one frame per unit of credit.
package struct EventFrameSender: Sendable {
    private let writer: FrameWriter
    private let requestID: UInt32
    private let codec: BatchCodec
    private let recordsBudget: Int
    private let metrics: ServerMetrics

    /// Events sent on the stream so far.
    package private(set) var sentCount: UInt64 = 0

    package init(writer: FrameWriter, requestID: UInt32, codec: BatchCodec, clientMaxFrameSize: Int, metrics: ServerMetrics) {
        self.writer = writer
        self.requestID = requestID
        self.codec = codec
        self.recordsBudget = ProtocolLimits.eventsRecordsBudget(maxFrameSize: clientMaxFrameSize)
        self.metrics = metrics
    }

    /// Sends `events` in order. The first frame uses one unit of credit the caller has already taken;
    /// every further frame waits for one more.
    ///
    /// - Returns: How many of `events` were sent; fewer than all when the stream was cancelled meanwhile.
    /// - Throws: `INVALID_ARGUMENT` when one event alone does not fit the client's maximum frame size, or
    ///   the writer's error when the connection is gone.
    package mutating func send(_ events: ArraySlice<RecordedEvent>, credit: StreamCredit) async throws -> Int {
        var batch = EventBatchWriter<StoredEventRecord>(capacity: min(self.recordsBudget, 256 * 1024))
        var sent = 0
        var index = events.startIndex
        while index < events.endIndex {
            let record = StoredEventRecord(events[index])
            let size = record.encodedSize
            if batch.eventCount > 0, batch.recordsSize + size > self.recordsBudget {
                sent += try await self.flush(&batch)
                guard await credit.take() else { return sent }
            }
            guard size <= self.recordsBudget else {
                throw ProtocolError.invalidArgument(
                    "the event at offset \(record.offset) is \(size) bytes, more than fits your max_frame_size"
                )
            }
            batch.append(record)
            index = events.index(after: index)
        }
        if batch.eventCount > 0 {
            sent += try await self.flush(&batch)
        }
        return sent
    }

    /// Sends `events` like ``send(_:credit:)`` and moves `position` to the offset of the last event sent.
    ///
    /// - Returns: `false` when the stream was cancelled before every event was sent.
    package mutating func send(
        _ events: ArraySlice<RecordedEvent>,
        credit: StreamCredit,
        advancing position: inout Int64
    ) async throws -> Bool {
        let sent = try await self.send(events, credit: credit)
        if sent > 0 {
            position = events[events.startIndex + sent - 1].offset
        }
        return sent == events.count
    }

    private mutating func flush(_ batch: inout EventBatchWriter<StoredEventRecord>) async throws -> Int {
        let count = batch.eventCount
        let records = batch.recordsSize
        try await self.writer.send(.events(batch.finish(codec: self.codec)), requestID: self.requestID, sizeHint: records + 16)
        self.sentCount += UInt64(count)
        self.metrics.eventsSent.increment(by: count)
        return count
    }
}
