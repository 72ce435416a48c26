import NIOCore

extension ByteBuffer {
    /// Reads `u16 type_count, type_count × string`.
    mutating func readTypeFilters() throws(ProtocolError) -> [String] {
        let count = try self.readWireInteger("type_count", as: UInt16.self)
        var types: [String] = []
        for _ in 0..<count {
            types.append(try self.readWireString("type filter"))
        }
        return types
    }

    /// Writes `u16 type_count, type_count × string`.
    mutating func writeTypeFilters(_ types: [String]) {
        self.writeInteger(UInt16(types.count))
        for type in types {
            self.writeWireString(type)
        }
    }
}
