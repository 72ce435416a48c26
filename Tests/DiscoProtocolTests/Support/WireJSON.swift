import DiscoProtocol
import Foundation
import NIOCore

/// The language-neutral JSON form of decoded messages (`protocol/vectors/README.md`).
enum WireJSON {
    static func u64<T: BinaryInteger>(_ value: T) -> JSONValue { .string("\(value)") }
    static func int<T: BinaryInteger>(_ value: T) -> JSONValue { .number(Int(value)) }
    static func bytes(_ value: ByteBuffer) -> JSONValue { .string(value.hex) }
    static func uuid(_ value: UUID) -> JSONValue { .string(value.uuidString.lowercased()) }
    static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

    static func fields(_ message: ClientMessage) -> JSONValue {
        switch message {
        case .hello(let m):
            return .object([
                "min_version": int(m.minVersion.rawValue), "max_version": int(m.maxVersion.rawValue),
                "client_name": .string(m.clientName), "auth_token": .string(m.authToken),
                "codecs": .array(m.codecs.map(int)), "max_frame_size": int(m.maxFrameSize),
            ])
        case .ping(let m):
            return .object(["nonce": u64(m.nonce)])
        case .emit(let m):
            return .object([
                "expectations": .array(
                    m.expectations.map {
                        .object([
                            "aggregate_id": .string($0.aggregateID), "kind": int($0.expected.kind),
                            "version": u64($0.expected.version),
                        ])
                    }
                ),
                "batch": batch(m.events),
            ])
        case .readAggregate(let m):
            return .object([
                "aggregate_id": .string(m.aggregateID), "from_version": u64(m.fromVersion), "limit": int(m.limit),
                "credit": int(m.credit),
            ])
        case .readTypes(let m):
            return .object([
                "after_offset": u64(m.afterOffset), "limit": int(m.limit), "types": strings(m.types),
                "credit": int(m.credit),
            ])
        case .readAfter(let m):
            return .object([
                "after_offset": u64(m.afterOffset), "limit": int(m.limit), "types": strings(m.types),
                "credit": int(m.credit),
            ])
        case .subscribe(let m):
            return .object(["after_offset": u64(m.afterOffset), "types": strings(m.types), "credit": int(m.credit)])
        case .credit(let m):
            return .object(["additional": int(m.additional)])
        case .cancel:
            return .object([:])
        case .consumerGet(let m):
            return .object(["consumer": .string(m.consumer)])
        case .consumerUpdate(let m):
            return .object([
                "consumer": .string(m.consumer), "offset": u64(m.offset), "has_expected": .bool(m.expected != nil),
                "expected": u64(m.expected ?? 0),
            ])
        case .consumerReset(let m):
            return .object(["consumer": .string(m.consumer)])
        }
    }

    static func fields(_ message: ServerMessage) -> JSONValue {
        switch message {
        case .helloOK(let m):
            return .object([
                "version": int(m.version.rawValue), "server_name": .string(m.serverName),
                "codec": int(m.codec.rawValue),
                "max_frame_size": int(m.maxFrameSize), "max_in_flight": int(m.maxInFlight),
                "max_batch_events": int(m.maxBatchEvents),
            ])
        case .pong(let m):
            return .object(["nonce": u64(m.nonce)])
        case .emitted(let m):
            return .object([
                "replayed": .bool(m.replayed),
                "events": .array(
                    m.events.map {
                        .object([
                            "offset": u64($0.offset), "aggregate_version": u64($0.aggregateVersion),
                            "emitted_at": u64($0.emittedAt),
                        ])
                    }
                ),
            ])
        case .events(let events):
            return .object(["batch": batch(events)])
        case .caughtUp(let m):
            return .object(["head_offset": u64(m.headOffset)])
        case .streamEnd(let m):
            return .object([
                "reason": int(m.reason.rawValue), "event_count": u64(m.eventCount),
                "last_position": u64(m.lastPosition),
            ])
        case .consumerOffset(let m):
            return .object(["offset": u64(m.offset), "known": .bool(m.known)])
        case .error(let m):
            return .object([
                "code": int(m.code.rawValue), "code_name": m.code.name.map(JSONValue.string) ?? .null,
                "message": .string(m.message), "details_hex": .string(detailsHex(m)),
                "details": self.details(m.details),
            ])
        }
    }

    static func detailsHex(_ message: ServerMessage.ErrorMessage) -> String {
        var body = ByteBuffer()
        ServerMessage.error(message).encodeBody(into: &body)
        body.moveReaderIndex(forwardBy: 2)
        let messageLength = Int(body.readInteger(as: UInt16.self)!)
        body.moveReaderIndex(forwardBy: messageLength + 4)
        return body.hex
    }

    static func details(_ details: ErrorDetails) -> JSONValue {
        switch details {
        case .none, .raw: .null
        case .frameTooLarge(let limit): .object(["limit": int(limit)])
        case .unknownOpcode(let opcode): .object(["opcode": int(opcode)])
        case .unsupportedVersion(let min, let max): .object(["server_min": int(min), "server_max": int(max)])
        case .unsupportedCodec(let codec): .object(["codec": int(codec)])
        case .tooManyInFlight(let max): .object(["max": int(max)])
        case .versionConflict(let d):
            .object([
                "aggregate_id": .string(d.aggregateID), "kind": int(d.expected.kind),
                "expected": u64(d.expected.version), "actual": u64(d.actual),
            ])
        case .eventIDConflict(let id): .object(["id": uuid(id)])
        case .consumerOffsetConflict(let actual, let known): .object(["actual": u64(actual), "known": .bool(known)])
        }
    }

    static func batch(_ batch: EventBatch<StoredEventRecord>) -> JSONValue {
        self.batch(batch) {
            [
                "offset": u64($0.offset), "id": uuid($0.id), "aggregate_version": u64($0.aggregateVersion),
                "emitted_at": u64($0.emittedAt), "type": .string($0.type),
                "aggregate_id": .string($0.aggregateID ?? ""),
                "payload": bytes($0.payload), "meta": bytes($0.meta),
            ]
        }
    }

    static func batch(_ batch: EventBatch<NewEventRecord>) -> JSONValue {
        self.batch(batch) {
            [
                "id": uuid($0.id), "type": .string($0.type), "aggregate_id": .string($0.aggregateID ?? ""),
                "payload": bytes($0.payload), "meta": bytes($0.meta),
            ]
        }
    }

    static func batch<Record>(_ batch: EventBatch<Record>, _ fields: (Record) -> [String: JSONValue]) -> JSONValue {
        .object([
            "codec": int(batch.codec.rawValue), "event_count": int(batch.eventCount),
            "records_size": int(batch.recordsSize), "events": .array(batch.map { .object(fields($0)) }),
        ])
    }
}
