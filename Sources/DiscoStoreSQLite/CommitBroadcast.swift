import DiscoStore
import Synchronization

/// Tells every store of this process that has a database file open when a commit advanced that file's head,
/// so that ``SQLiteEventStore/waitForEvents(after:)`` wakes for commits of every store instance on the file,
/// not just its own. (Other processes' commits are not heard of: one process owns the file.)
enum CommitBroadcast {
    private static let watchers = Mutex<[String: [ObjectIdentifier: HeadWatcher]]>([:])

    /// Starts telling `watcher` of commits to the file at `path`.
    static func register(_ watcher: HeadWatcher, path: String) {
        Self.watchers.withLock { $0[path, default: [:]][ObjectIdentifier(watcher)] = watcher }
    }

    /// Stops telling `watcher` of commits to the file at `path`.
    static func unregister(_ watcher: HeadWatcher, path: String) {
        Self.watchers.withLock { watchers in
            watchers[path]?.removeValue(forKey: ObjectIdentifier(watcher))
            if watchers[path]?.isEmpty == true {
                watchers.removeValue(forKey: path)
            }
        }
    }

    /// Advances the head of every watcher of the file at `path`.
    static func advance(path: String, to head: Int64) {
        let watchers = Self.watchers.withLock { $0[path].map { Array($0.values) } ?? [] }
        for watcher in watchers {
            watcher.advance(to: head)
        }
    }
}
