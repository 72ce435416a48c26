/// The tables and indexes of schema version 1, as documented on ``PostgresEventStore/Schema``.
enum SchemaV1 {
    static let statements = [
        """
        CREATE TABLE disco_events (
            "offset" bigint PRIMARY KEY,
            id uuid NOT NULL UNIQUE,
            type text NOT NULL,
            aggregate_id text,
            aggregate_version bigint,
            emitted_at timestamptz NOT NULL,
            payload bytea NOT NULL,
            meta bytea NOT NULL)
        """,
        """
        CREATE UNIQUE INDEX disco_events_aggregate ON disco_events (aggregate_id, aggregate_version)
            WHERE aggregate_id IS NOT NULL
        """,
        """
        CREATE INDEX disco_events_type ON disco_events (type, "offset")
        """,
        """
        CREATE TABLE disco_head (
            singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
            "offset" bigint NOT NULL,
            emitted_at timestamptz NOT NULL)
        """,
        """
        INSERT INTO disco_head (singleton, "offset", emitted_at) VALUES (true, 0, '-infinity')
        """,
        """
        CREATE TABLE disco_consumers (
            name text PRIMARY KEY,
            "offset" bigint NOT NULL)
        """,
    ]
}
