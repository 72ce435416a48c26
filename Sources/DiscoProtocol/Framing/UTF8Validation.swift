/// Checks UTF-8 without building a `String`: the same rules as `String(validating:as:)` (RFC 3629: no
/// overlong forms, no surrogates, nothing above U+10FFFF).
enum UTF8Validation {
    static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF:
                length = 2
            case 0xE0...0xEF:
                length = 3
                if lead == 0xE0 { lower = 0xA0 }
                if lead == 0xED { upper = 0x9F }
            case 0xF0...0xF4:
                length = 4
                if lead == 0xF0 { lower = 0x90 }
                if lead == 0xF4 { upper = 0x8F }
            default:
                return false
            }
            guard count - index >= length else { return false }
            guard (lower...upper).contains(bytes[index + 1]) else { return false }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 {
                return false
            }
            index += length
        }
        return true
    }
}
