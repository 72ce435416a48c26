import PostgresNIO

/// The PL/pgSQL function `disco_append` that appends one group commit in one call (and, called outside a
/// transaction block, one round trip including the commit).
///
/// ## Commit-ordered, gapless offsets
/// The function first locks the single row of `disco_head` (`FOR UPDATE`) and numbers the group's events
/// `head + 1, head + 2, …`, then advances the head in the same transaction. A second appender — another
/// connection or another server process — blocks on that row lock until the first transaction ends, and
/// PostgreSQL releases row locks only after the commit is visible to every new snapshot. So an appender
/// numbers its events only after every lower offset is committed and visible: offsets are gapless, and a
/// reader that has seen offset N can never later find a newly committed event at an offset ≤ N (the bug of
/// a plain `bigserial`, whose values are taken at insert but become visible at commit, in any order).
/// `emitted_at` is the clock after taking the lock, never less than the previous group's, so it never
/// decreases with the offset either.
///
/// Before the head lock, the function takes the appenders' advisory lock exclusively, so that it never runs
/// while a staged group (``StagedAppendFunction``, the fast path for large groups, which takes it shared) is
/// between its insert and its commit: its offsets would collide with the staged group's rows, and the two
/// would wait for each other.
///
/// ## Parameters (parallel arrays; array elements cannot be NULL, so sentinels stand for "none")
/// - per event: `p_emits` (1-based index of the emit the event belongs to, non-decreasing), `p_ids`,
///   `p_types`, `p_aggregate_indexes` (1-based index into `p_aggregates`, 0 for none), `p_occurrences`
///   (how many events of the group up to this one belong to the same aggregate, 0 for none), `p_payloads`,
///   `p_metas`;
/// - `p_aggregates`: the distinct aggregate ids of the events and the expectations;
/// - per expectation: `p_expected_emits`, `p_expected_aggregate_indexes`, `p_expected_versions`
///   (0 = no events yet);
/// - `p_probe`: whether to look the group's ids up before inserting (see "Idempotent retries");
/// - `p_writer`, `p_expected_head`, `p_expected_appends`, `p_known_versions` (per aggregate of
///   `p_aggregates`, -1 for unknown): the appender's cache of aggregate versions (see
///   ``AggregateVersionCache``). The head row records the writer of the last append and counts appends; the
///   known versions are used only when the last writer is `p_writer` and both the head and the count are the
///   expected ones. Otherwise every version is looked up.
///
/// When the cache is trusted and knows every aggregate, its versions are the bases as they are.
///
/// ## Idempotent retries
/// An emit whose ids are already stored is a retry: it is answered with the stored events (even if its
/// expectation no longer holds), or with an id conflict if they differ. The appender first calls the function
/// with `p_probe` false, and the insert itself finds a stored id (the unique index on `id` raises
/// `unique_violation`, and the whole call rolls back); only then does it call again with `p_probe` true, which
/// looks every id up under the head lock and decides those emits one by one. The ids are also looked up when
/// an expectation fails, since the emit may be a retry. New events — nearly every emit — therefore cost no
/// lookup beyond the index insertion itself. The probe runs as dynamic SQL (`EXECUTE`), planned for its ids and the table as it is at that call:
/// a plan cached by the session while the table was small would scan the whole table for ids that are not
/// there.
///
/// ## Result rows
/// - `status` 1 (replayed) or 3 (id conflict) for each emit with an id already stored, 2 (version conflict)
///   for each emit whose expectation failed — nothing of these emits is written;
/// - one final row with `emit` 0 and `status` 0: `first_offset` (the head before the group + 1), the
///   group's `emitted_at` (microseconds since 1970), `versions`, the current version of each aggregate
///   of `p_aggregates` before the group, `trusted` (whether the known versions were used) and `appends`
///   (the head's count of appends after the group). Every other emit was written: its events, in order and
///   skipping the rejected emits, have offsets `first_offset, first_offset + 1, …` and versions counting up
///   from those bases — ``AppendGroup`` derives each emit's result from them the same way.
///
/// The group is formed so that no emit expects a version of an aggregate that an earlier emit of the same
/// group writes, and no id appears twice in a group; each expectation therefore depends only on the stored
/// versions, and a rejected emit never changes a neighbour's outcome.
enum AppendFunction {
    /// Drops the function as databases migrated to schema version 1 by earlier builds have it (its
    /// parameters differ).
    static let dropVersion1Statement = """
        DROP FUNCTION IF EXISTS disco_append(
            int[], uuid[], text[], int[], int[], bytea[], bytea[], text[], int[], int[], bigint[], uuid)
        """

    /// The unique constraint on `disco_events.id`, which PostgreSQL names after the table and column.
    static let eventIDConstraint = "disco_events_id_key"

    /// Whether `error` is an insert that found one of its ids stored: the group holds a retry, and must be
    /// committed again with `p_probe` (see "Idempotent retries").
    static func foundStoredID(_ error: PSQLError) -> Bool {
        error.code == .server && error.serverInfo?[.sqlState] == "23505"
            && error.serverInfo?[.constraintName] == Self.eventIDConstraint
    }

    /// Drops the function as schema versions 2 and 3 have it (it took the group's smallest id, `p_min_id`).
    static let dropVersion3Statement = """
        DROP FUNCTION IF EXISTS disco_append(
            int[], uuid[], text[], int[], int[], bytea[], bytea[], text[], int[], int[], bigint[], uuid,
            uuid, bigint, bigint, bigint[])
        """

    static let createStatement = """
        CREATE OR REPLACE FUNCTION disco_append(
            p_emits int[], p_ids uuid[], p_types text[], p_aggregate_indexes int[], p_occurrences int[],
            p_payloads bytea[], p_metas bytea[], p_aggregates text[],
            p_expected_emits int[], p_expected_aggregate_indexes int[], p_expected_versions bigint[], p_probe boolean,
            p_writer uuid, p_expected_head bigint, p_expected_appends bigint, p_known_versions bigint[]
        ) RETURNS TABLE (
            emit int, status int, first_offset bigint, emitted_at bigint,
            offsets bigint[], versions bigint[], emitted_ats bigint[],
            conflict_aggregate text, conflict_expected bigint, conflict_actual bigint, conflict_id uuid,
            trusted boolean, appends bigint
        ) LANGUAGE plpgsql AS $fn$
        #variable_conflict use_column
        DECLARE
            v_head bigint;
            v_at timestamptz;
            v_trusted boolean;
            v_appends bigint;
            v_bases bigint[];
            v_closed int[] := '{}';
            v_rejected int[];
            v_count bigint;
        BEGIN
            PERFORM pg_advisory_xact_lock(\(StagedAppendFunction.lockClass), -1);
            SELECT h."offset", greatest(clock_timestamp(), h.emitted_at), h.appends,
                   h.writer IS NOT DISTINCT FROM p_writer AND h."offset" = p_expected_head AND h.appends = p_expected_appends
            INTO v_head, v_at, v_appends, v_trusted FROM disco_head h FOR UPDATE;

            IF v_trusted AND -1 <> ALL (p_known_versions) THEN
                v_bases := p_known_versions;
            ELSE
                v_bases := ARRAY(
                    SELECT CASE WHEN v_trusted AND a.known >= 0 THEN a.known ELSE coalesce(
                               (SELECT max(x.aggregate_version) FROM disco_events x WHERE x.aggregate_id = a.id), 0) END
                    FROM unnest(p_aggregates, p_known_versions) WITH ORDINALITY AS a(id, known, n) ORDER BY a.n);
            END IF;

            IF cardinality(p_expected_emits) > 0 THEN
                SELECT array_agg(DISTINCT k.e) INTO v_rejected
                FROM unnest(p_expected_emits, p_expected_aggregate_indexes, p_expected_versions) AS k(e, ai, v)
                WHERE v_bases[k.ai] <> k.v;
            END IF;
            -- A retry is replayed even if its expectation no longer holds: look the ids up then too.
            IF p_probe OR v_rejected IS NOT NULL THEN
                EXECUTE $probe$
                    SELECT coalesce(array_agg(DISTINCT t.e), '{}') FROM unnest($1, $2) AS t(e, id)
                    WHERE EXISTS (SELECT 1 FROM disco_events x WHERE x.id = t.id)
                    $probe$ INTO v_closed USING p_emits, p_ids;
            END IF;
            IF cardinality(v_closed) > 0 THEN
                v_rejected := nullif(ARRAY(SELECT r FROM unnest(v_rejected) AS r WHERE r <> ALL (v_closed)), '{}');
                RETURN QUERY EXECUTE $replays$
                SELECT s.e, s.status, NULL::bigint, NULL::bigint,
                       CASE WHEN s.status = 1 THEN s.offsets END, CASE WHEN s.status = 1 THEN s.versions END,
                       CASE WHEN s.status = 1 THEN s.emitted_ats END,
                       NULL::text, NULL::bigint, NULL::bigint, s.conflict_id, NULL::boolean, NULL::bigint
                FROM (
                    SELECT t.e,
                           CASE WHEN bool_and(x.id IS NOT NULL AND x.type = t.type
                                              AND x.aggregate_id IS NOT DISTINCT FROM $7[t.ai]
                                              AND x.payload = t.payload AND x.meta = t.meta) THEN 1 ELSE 3 END
                               AS status,
                           array_agg(x."offset" ORDER BY t.n) AS offsets,
                           array_agg(coalesce(x.aggregate_version, 0) ORDER BY t.n) AS versions,
                           array_agg((extract(epoch FROM x.emitted_at) * 1000000)::bigint ORDER BY t.n) AS emitted_ats,
                           coalesce(
                               (array_agg(t.id ORDER BY t.n) FILTER (WHERE x.id IS NOT NULL AND (x.type <> t.type
                                   OR x.aggregate_id IS DISTINCT FROM $7[t.ai]
                                   OR x.payload <> t.payload OR x.meta <> t.meta)))[1],
                               (array_agg(t.id ORDER BY t.n) FILTER (WHERE x.id IS NOT NULL))[1]
                           ) AS conflict_id
                    FROM unnest($1, $2, $3, $4, $5, $6) WITH ORDINALITY AS t(e, id, type, ai, payload, meta, n)
                    LEFT JOIN disco_events x ON x.id = t.id
                    WHERE t.e = ANY ($8)
                    GROUP BY t.e
                ) s
                $replays$ USING p_emits, p_ids, p_types, p_aggregate_indexes, p_payloads, p_metas, p_aggregates, v_closed;
            END IF;

            IF v_rejected IS NOT NULL THEN
                RETURN QUERY
                SELECT DISTINCT ON (k.e) k.e, 2, NULL::bigint, NULL::bigint, NULL::bigint[], NULL::bigint[], NULL::bigint[],
                       p_aggregates[k.ai], k.v, v_bases[k.ai], NULL::uuid, NULL::boolean, NULL::bigint
                FROM unnest(p_expected_emits, p_expected_aggregate_indexes, p_expected_versions) WITH ORDINALITY
                     AS k(e, ai, v, n)
                WHERE k.e = ANY (v_rejected) AND v_bases[k.ai] <> k.v
                ORDER BY k.e, k.n;
                v_closed := v_closed || v_rejected;
            END IF;

            IF cardinality(v_closed) = 0 THEN
                INSERT INTO disco_events ("offset", id, type, aggregate_id, aggregate_version, emitted_at, payload, meta)
                SELECT v_head + t.n, t.id, t.type, p_aggregates[t.ai], v_bases[t.ai] + t.occ, v_at, t.payload, t.meta
                FROM unnest(p_ids, p_types, p_aggregate_indexes, p_occurrences, p_payloads, p_metas) WITH ORDINALITY
                     AS t(id, type, ai, occ, payload, meta, n);
            ELSE
                INSERT INTO disco_events ("offset", id, type, aggregate_id, aggregate_version, emitted_at, payload, meta)
                SELECT v_head + row_number() OVER (ORDER BY t.n), t.id, t.type, p_aggregates[t.ai],
                       v_bases[t.ai] + row_number() OVER (PARTITION BY t.ai ORDER BY t.n), v_at, t.payload, t.meta
                FROM unnest(p_emits, p_ids, p_types, p_aggregate_indexes, p_payloads, p_metas) WITH ORDINALITY
                     AS t(e, id, type, ai, payload, meta, n)
                WHERE t.e <> ALL (v_closed);
            END IF;
            GET DIAGNOSTICS v_count = ROW_COUNT;

            IF v_count > 0 THEN
                v_appends := v_appends + 1;
                UPDATE disco_head SET "offset" = v_head + v_count, emitted_at = v_at, writer = p_writer, appends = v_appends;
                PERFORM pg_notify('disco_events', (v_head + v_count)::text);
            END IF;
            RETURN QUERY SELECT 0, 0, v_head + 1, (extract(epoch FROM v_at) * 1000000)::bigint, NULL::bigint[], v_bases,
                NULL::bigint[], NULL::text, NULL::bigint, NULL::bigint, NULL::uuid, v_trusted, v_appends;
        END
        $fn$
        """
}
