import Testing

@testable import DiscoProtocol

@Suite struct ProtocolVersionTests {
    @Test func supportedRangeIsOrderedAndContainsV1() {
        #expect(ProtocolVersion.minimumSupported <= ProtocolVersion.maximumSupported)
        #expect(ProtocolVersion.v1 >= ProtocolVersion.minimumSupported)
        #expect(ProtocolVersion.v1 <= ProtocolVersion.maximumSupported)
    }
}
