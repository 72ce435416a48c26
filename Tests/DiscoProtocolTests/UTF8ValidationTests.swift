import Testing

@testable import DiscoProtocol

@Suite struct UTF8ValidationTests {
    @Test func agreesWithTheStandardLibraryOnRandomInput() {
        var generator = SystemRandomNumberGenerator()
        let interesting: [UInt8] = [
            0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF,
            0x9F, 0xA0, 0x8F, 0x90,
        ]
        for _ in 0..<200_000 {
            let count = Int.random(in: 0...6, using: &generator)
            let bytes = (0..<count).map { _ in
                Bool.random(using: &generator)
                    ? interesting.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            let actual = bytes.withUnsafeBytes { UTF8Validation.isValid($0) }
            #expect(actual == expected, "\(bytes)")
            if actual != expected { return }
        }
    }
}
