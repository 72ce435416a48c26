import DiscoStore
import PostgresNIO

extension EventStoreError {
    /// Classifies an error of postgres-nio or of the connection pool.
    ///
    /// Connection failures, a server shutting down or out of resources, serialization failures and
    /// deadlocks are ``EventStoreError/Code/storageUnavailable`` (retriable: for an emit the outcome is
    /// unknown, and a retry with the same ids is safe); any other error the server reports, or a response
    /// that cannot be decoded, is ``EventStoreError/Code/storageFailure``. The original error is kept as
    /// ``EventStoreError/underlying``.
    init(postgresError error: any Error, file: String = #fileID, line: Int = #line) {
        if let storeError = error as? EventStoreError {
            self = storeError
            return
        }
        let code: Code
        switch error {
        case let error as PSQLError:
            code = Self.code(for: error)
        case is PostgresDecodingError:
            code = .storageFailure
        default:
            code = .storageUnavailable  // the pool's and NIO's errors: no connection could be had
        }
        self.init(code, underlying: error, file: file, line: line)
    }

    private static func code(for error: PSQLError) -> Code {
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let retriable =
                state.hasPrefix("08")  // connection exception
                || state.hasPrefix("53")  // insufficient resources
                || state.hasPrefix("57P")  // admin shutdown, crash shutdown, cannot connect now
                || state == "40001" || state == "40P01"  // serialization failure, deadlock
            return retriable ? .storageUnavailable : .storageFailure
        case .messageDecodingFailure, .unexpectedBackendMessage, .invalidCommandTag, .tooManyParameters,
            .unsupportedAuthMechanism, .authMechanismRequiresPassword, .saslError:
            return .storageFailure
        default:
            return .storageUnavailable
        }
    }
}
