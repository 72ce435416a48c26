/// Checks the authentication token a client presents in its handshake.
///
/// With no tokens configured every client is accepted (development mode; the server logs that at
/// start-up). Comparison takes time that depends only on the lengths involved, never on where the
/// presented token first differs from a configured one.
package struct TokenAuthenticator: Sendable {
    private let tokens: [[UInt8]]

    /// Creates an authenticator accepting any of `tokens`; an empty list accepts everyone.
    package init(tokens: [String]) {
        self.tokens = tokens.filter { !$0.isEmpty }.map { Array($0.utf8) }
    }

    /// Whether clients must present a token.
    package var isRequired: Bool { !self.tokens.isEmpty }

    /// Whether `presented` is acceptable.
    package func accepts(_ presented: String) -> Bool {
        guard self.isRequired else { return true }
        let candidate = Array(presented.utf8)
        var matched = false
        for token in self.tokens {
            // Evaluate every token so the total time does not reveal which one matched.
            matched = Self.constantTimeEquals(token, candidate) || matched
        }
        return matched
    }

    private static func constantTimeEquals(_ expected: [UInt8], _ candidate: [UInt8]) -> Bool {
        var difference: UInt8 = expected.count == candidate.count ? 0 : 1
        for index in 0..<expected.count {
            let other = index < candidate.count ? candidate[index] : 0
            difference |= expected[index] ^ other
        }
        return difference == 0
    }
}
