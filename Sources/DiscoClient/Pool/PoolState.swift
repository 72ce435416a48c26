/// The bookkeeping of the connection pool, with no I/O: which connection a request uses, when to open one
/// more, who waits for the first one.
///
/// A request takes an idle connection if there is one; else, when the pool may grow, it opens one more (and
/// meanwhile pipelines on the least loaded connection, or waits when there is none); else it pipelines on
/// the least loaded connection. Generic over the connection and the waiter so that it is tested without I/O.
struct PoolState<Connection: AnyObject, Waiter> {
    /// What a request does to get a connection.
    enum LeaseAction {
        /// Use this connection.
        case use(Connection)
        /// Use this connection, and open one more in the background.
        case useAndConnect(Connection)
        /// Wait for a connection; open one when `connect` is set.
        case wait(connect: Bool)
        /// The pool is shut down.
        case fail
    }

    private(set) var connections: [Connection] = []
    private(set) var connecting = 0
    private var waiters: [Waiter] = []
    private(set) var isShutDown = false
    let minimum: Int
    let maximum: Int
    private let load: (Connection) -> Int
    private let isActive: (Connection) -> Bool

    init(minimum: Int, maximum: Int, load: @escaping (Connection) -> Int, isActive: @escaping (Connection) -> Bool) {
        self.maximum = max(1, maximum)
        self.minimum = min(max(0, minimum), self.maximum)
        self.load = load
        self.isActive = isActive
    }

    /// Chooses a connection for a request.
    mutating func lease() -> LeaseAction {
        guard !self.isShutDown else { return .fail }
        let leastLoaded = self.leastLoaded()
        if let leastLoaded, self.load(leastLoaded) == 0 {
            return .use(leastLoaded)
        }
        if self.connections.count + self.connecting < self.maximum {
            self.connecting += 1
            return leastLoaded.map { .useAndConnect($0) } ?? .wait(connect: true)
        }
        return leastLoaded.map { .use($0) } ?? .wait(connect: false)
    }

    /// What becomes of a request that waits for a connection.
    enum WaitAction {
        /// A connection became usable meanwhile: use it.
        case use(Connection)
        /// The waiter is queued.
        case queued
        /// The pool is shut down.
        case fail
    }

    /// Queues a waiter, unless a connection became usable meanwhile or the pool shut down.
    mutating func wait(_ waiter: Waiter) -> WaitAction {
        guard !self.isShutDown else { return .fail }
        if let connection = self.leastLoaded() {
            return .use(connection)
        }
        self.waiters.append(waiter)
        return .queued
    }

    /// Opening connections up to the minimum: returns how many to open.
    mutating func connectionsToOpen() -> Int {
        guard !self.isShutDown else { return 0 }
        let missing = max(0, self.minimum - self.connections.count - self.connecting)
        self.connecting += missing
        return missing
    }

    /// A connection opened: returns the waiters to hand it to. Returns `nil` if the pool shut down meanwhile
    /// (close the connection).
    mutating func connected(_ connection: Connection) -> [Waiter]? {
        self.connecting -= 1
        guard !self.isShutDown else { return nil }
        self.connections.append(connection)
        defer { self.waiters = [] }
        return self.waiters
    }

    /// Opening a connection failed: returns the waiters to fail when nothing else can serve them.
    mutating func connectFailed() -> [Waiter] {
        self.connecting -= 1
        guard self.connections.isEmpty, self.connecting == 0 else { return [] }
        defer { self.waiters = [] }
        return self.waiters
    }

    /// A connection closed: forgets it; returns how many replacements to open (to keep the minimum).
    mutating func closed(_ connection: Connection) -> Int {
        self.connections.removeAll { $0 === connection }
        return self.connectionsToOpen()
    }

    /// Shuts the pool down: returns the connections to close and the waiters to fail.
    mutating func shutDown() -> (connections: [Connection], waiters: [Waiter]) {
        self.isShutDown = true
        defer {
            self.connections = []
            self.waiters = []
        }
        return (self.connections, self.waiters)
    }

    private func leastLoaded() -> Connection? {
        self.connections.lazy.filter(self.isActive).min { self.load($0) < self.load($1) }
    }
}
