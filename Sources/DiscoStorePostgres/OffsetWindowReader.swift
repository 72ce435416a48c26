import DiscoStore

/// Reads a committed range of offsets as consecutive windows of `pageSize` offsets — several windows at
/// once, each on its own connection — and hands the pages over in order.
///
/// Offsets up to the head are committed and gapless, so the window `(a, a + pageSize]` holds exactly the
/// next page: no page has to wait for the one before it to learn where it starts, as keyset paging does,
/// and decoding one page (postgres-nio's row handling, on its connection's event loop) overlaps with
/// reading and decoding the next. Were an offset ever missing, its window would just hold fewer events.
struct OffsetWindowReader {
    /// The offset the range starts after.
    var after: Int64
    /// The last offset of the range; committed.
    var last: Int64
    /// The width of a window, and so the most events per page.
    var pageSize: Int
    /// How many windows are read at once (at least 1).
    var windowsAtOnce: Int
    /// Reads the events with offsets in `(after, through]`, in offset order.
    var fetch: @Sendable (_ after: Int64, _ through: Int64) async throws -> [RecordedEvent]

    /// Reads the windows and calls `consume` with each non-empty page in turn until it returns `false`;
    /// windows still being read then are cancelled and awaited.
    func run(_ consume: ([RecordedEvent]) async throws -> Bool) async throws {
        guard self.last > self.after else { return }
        let width = Int64(self.pageSize)
        let windows = Int((self.last - self.after + width - 1) / width)
        guard windows > 1 else {
            // One window (a subscription's live pages, say): read it in this task — a child task would only
            // add a hop to and from the executor to the page's latency.
            let page = try await self.fetch(self.after, self.last)
            if !page.isEmpty {
                _ = try await consume(page)
            }
            return
        }
        try await withThrowingTaskGroup(of: (Int, [RecordedEvent]).self) { group in
            var started = 0
            while started < min(windows, self.windowsAtOnce) {
                self.start(window: started, in: &group)
                started += 1
            }
            var arrived: [Int: [RecordedEvent]] = [:]
            for window in 0..<windows {
                while arrived[window] == nil {
                    guard let (index, page) = try await group.next() else {
                        preconditionFailure("window \(window) was never started")
                    }
                    arrived[index] = page
                }
                let page = arrived.removeValue(forKey: window) ?? []
                if started < windows {
                    self.start(window: started, in: &group)
                    started += 1
                }
                if !page.isEmpty, try await !consume(page) {
                    group.cancelAll()
                    return
                }
            }
        }
    }

    private func start(window: Int, in group: inout ThrowingTaskGroup<(Int, [RecordedEvent]), any Error>) {
        let from = self.after + Int64(window) * Int64(self.pageSize)
        let through = min(from + Int64(self.pageSize), self.last)
        let fetch = self.fetch
        group.addTask { (window, try await fetch(from, through)) }
    }
}
