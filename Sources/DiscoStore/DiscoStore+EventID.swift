// `NewEvent` generates its default id with `UUIDv7`, which stores' callers name directly: re-exported so that
// `import DiscoStore` keeps providing it.
@_exported import DiscoEventID
