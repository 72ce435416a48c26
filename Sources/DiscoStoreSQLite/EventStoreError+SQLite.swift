import DiscoStore
import NIOPosix
import SQLiteNIO

extension EventStoreError {
    /// Maps an error of a SQLite call: ``EventStoreError`` passes through; a busy or locked database, an I/O
    /// error or a full disk is ``Code/storageUnavailable`` (retriable; for an emit the outcome is unknown
    /// only if it was the commit that failed); a stopped thread pool is ``Code/shutDown``; anything else is
    /// ``Code/storageFailure``.
    init(sqliteError error: any Error, file: String = #fileID, line: Int = #line) {
        if let error = error as? EventStoreError {
            self = error
            return
        }
        if error is NIOThreadPoolError.ThreadPoolInactive {
            self.init(.shutDown, underlying: error, file: file, line: line)
            return
        }
        guard let sqlite = error as? SQLiteError else {
            self.init(.storageFailure, underlying: error, file: file, line: line)
            return
        }
        switch sqlite.reason {
        case .busy, .busyTimeout, .busyInRecovery, .busyInSnapshot, .locked, .ioError, .full, .cantOpen,
            .ioErrorFailedRead, .ioErrorFailedWrite, .ioErrorFailedSync, .ioErrorFailedDirSync:
            self.init(.storageUnavailable, underlying: error, file: file, line: line)
        default:
            self.init(.storageFailure, underlying: error, file: file, line: line)
        }
    }
}
