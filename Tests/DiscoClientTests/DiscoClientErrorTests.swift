import DiscoProtocol
import Testing

@testable import DiscoClient

@Suite("DiscoClientError")
struct DiscoClientErrorTests {
    @Test func everyWireCodeMapsToItsOwnClientCodeWithTheSameRetriability() {
        let codes = ErrorCode.allDefined.map(DiscoClientError.Code.init(wire:))
        #expect(Set(codes).count == ErrorCode.allDefined.count)
        #expect(!codes.contains(.unknownServerError))
        for (wire, code) in zip(ErrorCode.allDefined, codes) {
            #expect(wire.isRetriable == code.isRetriable, "\(wire)")
        }
        #expect(DiscoClientError.Code(wire: ErrorCode(rawValue: 999)) == .unknownServerError)
    }

    @Test func descriptionIsGenericAndDebugDescriptionCarriesTheDetails() {
        let wire = ServerMessage.ErrorMessage(
            code: .versionConflict,
            message: "aggregate order-1 is at version 3",
            details: .versionConflict(.init(aggregateID: "order-1", expected: .exactly(2), actual: 3))
        )
        let error = DiscoClientError(wire)
        #expect(error.code == .versionConflict && !error.isRetriable)
        #expect(error.details == .versionConflict(aggregateID: "order-1", expected: .exactly(2), actual: 3))
        #expect(error.description == "DiscoClientError(versionConflict)")
        #expect(error.debugDescription.contains("order-1"))
    }
}
