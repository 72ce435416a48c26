import Foundation

/// Defaults for command-line options read from `DISCO_*` environment variables.
enum Environment {
    private static let values = ProcessInfo.processInfo.environment

    /// The variable's value, or `fallback` when it is unset or empty.
    static func string(_ name: String, default fallback: String) -> String {
        guard let value = values[name], !value.isEmpty else { return fallback }
        return value
    }

    /// The variable's value, or `nil` when it is unset or empty.
    static func optionalString(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// The variable as an integer, or `fallback` when it is unset, empty or not a number.
    static func int(_ name: String, default fallback: Int) -> Int {
        values[name].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? fallback
    }

    /// The variable as a comma-separated list (empty when unset).
    static func list(_ name: String) -> [String] {
        (values[name] ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
