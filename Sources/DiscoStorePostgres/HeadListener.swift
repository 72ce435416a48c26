import DiscoStore
import Logging
import PostgresNIO

/// Keeps a connection listening on ``PostgresEventStore/Schema/notificationChannel`` and feeds every
/// notified head offset to a ``HeadWatcher``, so that commits of every process on the database wake this
/// process's waiters.
///
/// After each (re)connect it reads the head once the `LISTEN` is active: a commit made while no connection
/// listened is still seen. When the connection fails it waits ``retryDelay`` and connects again, until
/// cancelled.
struct HeadListener: Sendable {
    let connections: ConnectionSource
    let watcher: HeadWatcher
    let retryDelay: Duration
    let logger: Logger

    func run() async {
        while !Task.isCancelled {
            do {
                try await self.connections.withConnection { connection in
                    // On cancellation, close the connection: that ends `listen` in any state (a `LISTEN` still
                    // being set up included), where task cancellation alone may not. The pool replaces it.
                    try await withTaskCancellationHandler {
                        try await connection.listen(on: PostgresEventStore.Schema.notificationChannel) { notifications in
                            self.watcher.advance(to: try await Self.readHead(on: connection, logger: self.logger))
                            self.logger.debug("listening for commits")
                            for try await notification in notifications {
                                if let head = Int64(notification.payload) {
                                    self.watcher.advance(to: head)
                                }
                            }
                        }
                    } onCancel: {
                        connection.close().whenComplete { _ in }
                    }
                }
            } catch is CancellationError {
                return
            } catch {
                self.logger.info("commit listener failed; reconnecting", metadata: ["disco_error": "\(error)"])
            }
            try? await Task.sleep(for: self.retryDelay)
        }
    }

    /// The head offset as stored.
    static func readHead(on connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        let heads = try await connection.rows(#"SELECT "offset" FROM disco_head"#, logger: logger) {
            try $0.decode(Int64.self)
        }
        guard let head = heads.first else {
            throw EventStoreError(.storageFailure, reason: "disco_head has no row")
        }
        return head
    }
}
