import Foundation
import NIOCore

/// The files in `protocol/vectors/`, found from this source file's path.
enum ProtocolVectors {
    static let directory: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.appendingPathComponent("protocol/vectors")
            }
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    static func load(_ name: String) throws -> JSONValue {
        let data = try Data(contentsOf: self.directory.appendingPathComponent(name))
        return try JSONDecoder().decode(JSONValue.self, from: data)
    }

    static let valid: [JSONValue] = (try? load("valid.json"))?["vectors"]?.array ?? []
    static let invalid: JSONValue = (try? load("invalid.json")) ?? .null
    static let structural: [JSONValue] = invalid["structural"]?.array ?? []
    static let semantic: [JSONValue] = invalid["semantic"]?.array ?? []
}

extension ByteBuffer {
    init(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        self.init(bytes: bytes)
    }

    var hex: String {
        self.readableBytesView.map { String(format: "%02x", $0) }.joined()
    }
}
