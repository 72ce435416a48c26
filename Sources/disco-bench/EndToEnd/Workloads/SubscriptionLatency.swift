import DiscoClient
import NIOCore
import Synchronization

/// `subscribe`: emitters at a fixed rate plus live subscribers; the delivery latency of every event to every
/// subscriber, measured from the time its emit was *scheduled* (not sent), so that an emitter falling behind
/// its schedule shows in the figures instead of hiding (coordinated omission), and from the emit's ack; and how
/// far subscribers lag behind the acknowledged head.
struct SubscriptionLatency {
    var subscribers: Int
    /// Events per second, all emitters together.
    var rate: Int
    var eventsPerEmit: Int
    var duration: Duration
    var events: BenchEvents

    struct Figures: Codable, Sendable {
        /// Events per second asked for.
        var rate: Int
        var emitted: Int
        /// How long emitting took (the schedule's length when the emitters kept up).
        var emitSeconds: Double
        /// Events received, all subscribers together (`emitted × subscribers` when none was lost).
        var delivered: Int
        /// Scheduled emit → acknowledged.
        var emitLatency: LatencySummary
        /// Scheduled emit → received by a subscriber.
        var deliveryLatency: LatencySummary
        /// Emit acknowledged → received by a subscriber (zero when the event arrived before its ack).
        var ackToReceiveLatency: LatencySummary
        /// Acknowledged head minus the received offset, in events, at each receive: the largest seen.
        var maximumLagEvents: Int

        /// Events per second the emitters achieved.
        var achievedRate: Double { Double(self.emitted) / self.emitSeconds }
    }

    /// How long subscribers may take to receive everything after the last emit was acknowledged.
    private static let deliveryTimeout = Duration.seconds(10)

    /// The most emits in flight before the schedule waits for one to finish.
    private static let maximumEmitsInFlight = 512

    func run(client: DiscoClient, progress: ProgressMeter) async throws -> Figures {
        let clock = ContinuousClock()
        let epoch = clock.now
        let startOffset = try await client.emit(self.events.clientEvent(caller: 0, sequence: 0)).offset
        let emits = max(1, Int(self.duration.seconds * Double(self.rate)) / self.eventsPerEmit)
        let expected = emits * self.eventsPerEmit
        let shared = RunProgress(head: startOffset)
        return try await withThrowingTaskGroup(of: Delivery.self) { group in
            for _ in 0..<self.subscribers {
                group.addTask {
                    try await Self.receive(
                        client.subscribe(after: startOffset),
                        expected: expected,
                        epoch: epoch,
                        shared: shared,
                        progress: progress
                    )
                }
            }
            let readyBy = clock.now + .seconds(10)
            while shared.ready.load(ordering: .acquiring) < self.subscribers, clock.now < readyBy {
                try await Task.sleep(for: .milliseconds(5))
            }
            let emitStart = clock.now
            let emitLatency = try await self.emitOnSchedule(client: client, emits: emits, epoch: epoch, shared: shared)
            let emitSeconds = (clock.now - emitStart).seconds
            group.addTask {
                try? await Task.sleep(for: Self.deliveryTimeout)
                return Delivery(isTimeout: true)
            }
            var delivered = Delivery()
            var receiving = self.subscribers
            while receiving > 0, let delivery = try await group.next() {
                if delivery.isTimeout {
                    group.cancelAll()
                } else {
                    delivered.add(delivery)
                    receiving -= 1
                }
            }
            group.cancelAll()
            return Figures(
                rate: self.rate,
                emitted: expected,
                emitSeconds: emitSeconds,
                delivered: delivered.count,
                emitLatency: emitLatency.summary,
                deliveryLatency: delivered.latencies.summary,
                ackToReceiveLatency: delivered.sinceAck.summary,
                maximumLagEvents: delivered.maximumLag
            )
        }
    }

    /// Emits `emits` batches, one every `eventsPerEmit / rate` seconds, each event's meta carrying the
    /// nanoseconds from `epoch` to its scheduled time; returns scheduled time → ack latencies.
    private func emitOnSchedule(
        client: DiscoClient,
        emits: Int,
        epoch: ContinuousClock.Instant,
        shared: RunProgress
    ) async throws -> LatencyRecorder {
        let clock = ContinuousClock()
        let interval = Duration.seconds(Double(self.eventsPerEmit) / Double(self.rate))
        let start = clock.now
        return try await withThrowingTaskGroup(of: Duration.self) { group in
            var latencies = LatencyRecorder()
            var inFlight = 0
            for emit in 0..<emits {
                let scheduled = start + interval * emit
                if scheduled > clock.now { try await Task.sleep(until: scheduled, clock: clock) }
                var meta = ByteBuffer()
                meta.writeInteger(UInt64((scheduled - epoch).seconds * 1e9))
                let batch = (0..<self.eventsPerEmit).map {
                    self.events.clientEvent(caller: emit % 64, sequence: emit * self.eventsPerEmit + $0, meta: meta)
                }
                group.addTask {
                    let result = try await client.emit(batch)
                    shared.acknowledge(result.events.map(\.offset), at: clock.now)
                    return clock.now - scheduled
                }
                inFlight += 1
                if inFlight >= Self.maximumEmitsInFlight, let latency = try await group.next() {
                    latencies.record(latency)
                    inFlight -= 1
                }
            }
            for try await latency in group {
                latencies.record(latency)
            }
            return latencies
        }
    }

    /// What emitters and subscribers share while running.
    private final class RunProgress: Sendable {
        /// The highest acknowledged offset.
        let head: Atomic<UInt64>
        /// Subscribers caught up so far.
        let ready = Atomic<Int>(0)
        /// When each emitted offset was acknowledged.
        private let acknowledged = Mutex<[UInt64: ContinuousClock.Instant]>([:])

        init(head: UInt64) {
            self.head = Atomic(head)
        }

        func acknowledge(_ offsets: [UInt64], at instant: ContinuousClock.Instant) {
            self.acknowledged.withLock { acknowledged in
                for offset in offsets { acknowledged[offset] = instant }
            }
            if let last = offsets.max() { self.head.max(last, ordering: .relaxed) }
        }

        /// When `offset` was acknowledged; `nil` while its ack has not reached the emitter.
        func acknowledgement(of offset: UInt64) -> ContinuousClock.Instant? {
            self.acknowledged.withLock { $0[offset] }
        }
    }

    /// What one subscriber received.
    private struct Delivery: Sendable {
        /// Not a subscriber's delivery: the deadline for every delivery passed.
        var isTimeout = false
        var count = 0
        var latencies = LatencyRecorder()
        var sinceAck = LatencyRecorder()
        var maximumLag = 0

        mutating func add(_ other: Delivery) {
            self.count += other.count
            self.latencies.add(other.latencies)
            self.sinceAck.add(other.sinceAck)
            self.maximumLag = max(self.maximumLag, other.maximumLag)
        }
    }

    /// One subscriber: waits until caught up, then receives `expected` events (or until cancelled).
    private static func receive(
        _ subscription: Subscription,
        expected: Int,
        epoch: ContinuousClock.Instant,
        shared: RunProgress,
        progress: ProgressMeter
    ) async throws -> Delivery {
        var delivery = Delivery()
        do {
            for try await element in subscription {
                switch element {
                case .caughtUp:
                    shared.ready.add(1, ordering: .releasing)
                case .event(let event):
                    let now = ContinuousClock.now
                    guard let nanoseconds = event.meta.getInteger(at: event.meta.readerIndex, as: UInt64.self)
                    else { continue }
                    delivery.latencies.record(now - (epoch + .nanoseconds(nanoseconds)))
                    delivery.sinceAck.record(shared.acknowledgement(of: event.offset).map { now - $0 } ?? .zero)
                    let lag = Int(shared.head.load(ordering: .relaxed)) - Int(event.offset)
                    delivery.maximumLag = max(delivery.maximumLag, lag)
                    delivery.count += 1
                    progress.add(1)
                    if delivery.count == expected { return delivery }
                }
            }
        } catch  where Task.isCancelled {
            return delivery
        }
        return delivery
    }
}
