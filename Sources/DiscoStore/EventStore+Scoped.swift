extension EventStore {
    /// Runs `store` (its `run` loop in a child task) for the duration of `body`, after `migrate` succeeded,
    /// then stops it by cancelling the loop: the scoped lifecycle every backend's `withStore` offers.
    package static func withRunning<Result: Sendable>(
        _ store: Self,
        run: @escaping @Sendable () async throws -> Void,
        migrate: () async throws -> Void,
        _ body: (Self) async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await run() }
            defer { group.cancelAll() }
            try await migrate()
            return try await body(store)
        }
    }
}
