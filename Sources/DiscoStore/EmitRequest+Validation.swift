import struct Foundation.UUID

extension EmitRequest {
    /// Checks what every backend requires of an emit, throwing ``EventStoreError/Code/invalidArgument``:
    /// at least one event, non-empty types and aggregate ids without NUL characters, no id twice, and
    /// expectations with a non-empty aggregate id and a version that is not negative.
    package func validate() throws {
        guard !self.events.isEmpty else {
            throw EventStoreError.invalidArgument("an emit needs at least one event")
        }
        // Through a buffer pointer the events are borrowed, not copied (a copy retains and releases four
        // references per event, which was most of this function's cost for large emits).
        let increasing = try self.events.withUnsafeBufferPointer { events in
            var increasing = true
            for index in events.indices {
                try Self.validateName(events[index].type, what: "event type")
                if let aggregateID = events[index].aggregateID {
                    try Self.validateName(aggregateID, what: "aggregate id")
                }
                if index > 0, increasing {
                    increasing = events[index - 1].id.isOrdered(before: events[index].id)
                }
            }
            return increasing
        }
        // Ids in increasing order (time-ordered ids generated in sequence) cannot repeat: no set needed.
        if !increasing {
            var ids = Set<UUID>(minimumCapacity: self.events.count)
            for event in self.events where !ids.insert(event.id).inserted {
                throw EventStoreError.invalidArgument("event id \(event.id) appears twice in one emit")
            }
        }
        for (aggregateID, expectation) in self.expectedVersions {
            try Self.validateName(aggregateID, what: "aggregate id")
            if let version = expectation.requiredVersion, version < 0 {
                throw EventStoreError.invalidArgument("expected version \(version) is negative")
            }
        }
    }

    /// Checks a name (event type, aggregate id, consumer name): not empty, no NUL characters (which
    /// databases cannot store in text).
    package static func validateName(_ name: String, what: String) throws {
        guard !name.isEmpty else {
            throw EventStoreError.invalidArgument("\(what) must not be empty")
        }
        let hasNUL = name.utf8.withContiguousStorageIfAvailable { $0.contains(0) } ?? name.utf8.contains(0)
        guard !hasNUL else {
            throw EventStoreError.invalidArgument("\(what) must not contain NUL characters")
        }
    }
}
