import DiscoProtocol
import Logging
import NIOCore

/// What a stream delivers: an event, or the moment a subscription has caught up with the log.
enum StreamElement: Sendable {
    case event(RecordedEvent)
    case caughtUp(headOffset: UInt64)
}

/// Reads a stream of events page by page and across lost connections: the engine of reads and subscriptions.
///
/// Credit: the stream starts with ``DiscoClient/Configuration-swift.struct/streamBufferFrames`` and gets one more
/// each time the caller has taken every event of a frame, so at most that many frames are ever buffered. Position:
/// the last delivered offset (or version); a new page, or a new stream after a lost connection, starts right after
/// it, and anything at or before it is skipped — no gap, no duplicate.
struct EventStreamIterator {
    private struct OpenStream {
        var connection: ClientConnection
        var receiver: StreamReceiver
        var frames: AsyncThrowingStream<ServerMessage, any Error>.AsyncIterator
    }

    private let client: DiscoClient
    private let query: StreamQuery
    private var position: UInt64
    private var delivered: UInt64 = 0
    private var stream: OpenStream?
    private var batch: EventBatch<StoredEventRecord>.Iterator?
    private var framesToCredit: UInt32 = 0
    private var reportedCaughtUp = false
    private var isFinished = false
    private var failures = 0

    init(client: DiscoClient, query: StreamQuery, after position: UInt64) {
        self.client = client
        self.query = query
        self.position = position
    }

    mutating func next() async throws -> StreamElement? {
        while !self.isFinished {
            if let event = self.nextBufferedEvent() {
                return .event(event)
            }
            guard self.delivered < self.query.limit ?? .max else {
                self.finish()
                return nil
            }
            let stream = try await self.openStream()
            if self.framesToCredit > 0 {
                stream.connection.grantCredit(self.framesToCredit, to: stream.receiver)
                self.framesToCredit = 0
            }
            let message: ServerMessage?
            do {
                message = try await self.stream?.frames.next()
            } catch let error as DiscoClientError where error.code.isRetriedAutomatically {
                try await self.streamFailed(error)
                continue
            }
            guard let message else {
                // The frames end without a final frame only when the consuming task is cancelled.
                self.finish()
                return nil
            }
            if let element = try await self.handle(message) {
                return element
            }
        }
        return nil
    }

    private mutating func nextBufferedEvent() -> RecordedEvent? {
        guard var batch = self.batch.take() else { return nil }
        while self.delivered < self.query.limit ?? .max, let record = batch.next() {
            let position = self.query.position(of: record)
            guard position > self.position else { continue }
            self.position = position
            self.delivered += 1
            self.batch = batch
            return RecordedEvent(record)
        }
        return nil
    }

    private mutating func handle(_ message: ServerMessage) async throws -> StreamElement? {
        switch message {
        case .events(let events):
            self.batch = events.makeIterator()
            self.framesToCredit += 1
            self.failures = 0
            return nil
        case .caughtUp(let caughtUp):
            guard !self.reportedCaughtUp else { return nil }
            self.reportedCaughtUp = true
            return .caughtUp(headOffset: caughtUp.headOffset)
        case .streamEnd(let end):
            self.stream = nil
            if end.reason != .limitReached || self.query.isSubscription {
                self.isFinished = true
            }
            return nil
        case .error(let error):
            let error = DiscoClientError(error)
            guard error.code.isRetriedAutomatically else {
                self.stream = nil
                self.isFinished = true
                throw error
            }
            try await self.streamFailed(error)
            return nil
        default:
            throw DiscoClientError.protocolViolation("\(message.opcode) on a stream")
        }
    }

    /// The open stream, or a new one continuing after the last delivered position.
    private mutating func openStream() async throws -> OpenStream {
        if let stream = self.stream {
            return stream
        }
        let connection = try await self.client.pool.lease()
        let credit = UInt32(clamping: max(1, self.client.configuration.streamBufferFrames))
        let request = self.query.request(
            after: self.position,
            pageSize: UInt64(max(1, self.client.configuration.readPageSize)),
            credit: credit
        )
        let (receiver, frames) = connection.openStream(request)
        let stream = OpenStream(connection: connection, receiver: receiver, frames: frames.makeAsyncIterator())
        self.stream = stream
        self.framesToCredit = 0
        return stream
    }

    /// The stream broke with a retriable error: pause (with back-off), then continue on a new stream.
    private mutating func streamFailed(_ error: DiscoClientError) async throws {
        self.stream = nil
        self.batch = nil
        let backoff = Backoff(
            minimum: self.client.configuration.minimumReconnectBackoff,
            maximum: self.client.configuration.maximumReconnectBackoff
        )
        self.client.logger.info(
            "stream interrupted; resuming",
            metadata: ["disco_error": "\(error.code)", "disco_position": "\(self.position)"]
        )
        try await Task.sleep(for: backoff.delay(attempt: self.failures))
        self.failures += 1
    }

    private mutating func finish() {
        self.isFinished = true
        self.stream = nil
        self.batch = nil
    }
}
