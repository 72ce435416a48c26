import DiscoStore
import Logging
import NIOCore
import PostgresNIO
import Synchronization

extension PostgresConnection {
    /// Runs a statement to its end and returns its rows, each decoded by `decode` as it arrives.
    ///
    /// Uses postgres-nio's row callback rather than its async row sequence: rows are decoded on the
    /// connection's event loop many times faster, and the call returns only once the server has completed
    /// the statement — a statement's result is never left half-read on a connection.
    ///
    /// The call also ends when the connection closes: postgres-nio 1.33.2 never answers a statement written
    /// to a connection that is already closed, so waiting for the statement alone could wait forever.
    func rows<Row: Sendable>(
        _ query: PostgresQuery,
        logger: Logger,
        expecting capacity: Int = 0,
        _ decode: @escaping @Sendable (PostgresRow) throws -> Row
    ) async throws -> [Row] {
        let collector = RowCollector<Row>(capacity: capacity)
        let statement = self.query(query, logger: logger) { row in
            collector.rows.append(try decode(row))
        }
        let closed = self.closeFuture
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let answer = SingleAnswer(continuation)
            statement.whenComplete { result in
                answer.resume(with: result.map { _ in })
            }
            closed.whenComplete { _ in
                answer.resume(with: .failure(EventStoreError(.storageUnavailable, reason: "the connection closed")))
            }
        }
        return collector.rows
    }

    /// Runs a statement to its end, ignoring any rows.
    func execute(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await self.rows(query, logger: logger) { _ in () }
    }
}

/// The rows of one statement, filled by the row callback.
///
/// `@unchecked Sendable`: postgres-nio calls the callback of one statement on one event loop, one row after
/// another, and ``PostgresConnection/rows(_:logger:expecting:_:)`` reads ``rows`` only after the
/// statement's future completed, which orders every append before that read.
private final class RowCollector<Row>: @unchecked Sendable {
    var rows: [Row] = []

    init(capacity: Int) {
        self.rows.reserveCapacity(capacity)
    }
}

/// Resumes a continuation with whichever answer comes first, once.
private final class SingleAnswer: Sendable {
    private let continuation: Mutex<CheckedContinuation<Void, any Error>?>

    init(_ continuation: CheckedContinuation<Void, any Error>) {
        self.continuation = Mutex(continuation)
    }

    func resume(with result: Result<Void, any Error>) {
        self.continuation.withLock { $0.take() }?.resume(with: result)
    }
}
