import Foundation

/// Defaults for options read from environment variables.
enum Environment {
    /// The variable's value, or `fallback` when it is unset or empty.
    static func string(_ name: String, default fallback: String) -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return fallback }
        return value
    }
}
