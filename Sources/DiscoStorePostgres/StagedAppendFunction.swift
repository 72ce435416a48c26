/// The PL/pgSQL function `disco_append_staged`: the fast path of a group commit, which inserts its rows
/// *before* taking the head lock, so that several groups insert at once (on several connections, that is
/// several cores) and only the final check, the head update and the commit are serialised.
///
/// The appender numbers the group itself: its offsets start right after the head it predicts, its versions
/// right after the versions it knows (``AggregateVersionCache``), and its `emitted_at` (`p_emitted_at`,
/// microseconds since 1970) is the appender's clock, never less than any `emitted_at` it has seen — groups
/// insert in parallel, so the database's clock at insert would not follow the offsets. The function:
/// 1. takes the shared appenders' lock (``lockClass``, -1) — ``AppendFunction``'s `disco_append` takes it
///    exclusively, so the locked path never interleaves with a staged group;
/// 2. gives up if the head (read without a lock) shows the prediction failed already: another writer
///    appended last (`DSC03`), or the head is at or past the group's first offset (`DSC02`);
/// 3. gives up (`DSC01`) if an expectation fails — the locked path decides those emits one by one — and
///    looks up the versions the appender does not know;
/// 4. inserts the rows; an id already stored makes the insert fail (`unique_violation` on the id index, see
///    ``AppendFunction``'s idempotent retries), and the locked path decides those emits;
/// 5. waits for the group sent before it (`p_after_group`, its first offset; -1 for none) to end: the
///    appender takes a session lock on each staged group's key (`lockClass`, first offset mod 2³¹; if the
///    key is held elsewhere, the group takes the locked path) before it sends the group — and before it
///    sends the next one — and holds it until the group's call returned; the function waits for that lock
///    (at most ``predecessorWaitLimit``);
/// 6. locks the head row and checks that this writer appended last (else it gives up with `DSC03`), that
///    the head is exactly the offset before the group, that the count of appends is the predicted one and
///    that the clock did not go back (else `DSC02`);
/// 7. advances the head and notifies, like `disco_append`.
///
/// Giving up raises, so the transaction (one statement, outside a transaction block) rolls back and the
/// appender commits the group again through `disco_append`. Offsets therefore stay gapless and in commit
/// order: a group commits only right after the group before it, and only if the head is where it numbered
/// from; a group that gives up leaves nothing behind.
///
/// Returns one row: the group's `emitted_at` (microseconds since 1970), the version of each aggregate of
/// `p_aggregates` before the group, and the count of appends after it.
enum StagedAppendFunction {
    /// The first key of the advisory locks of appenders ("DISC" in ASCII).
    static let lockClass: Int32 = 0x4449_5343

    /// The SQLSTATE of a group that must be decided emit by emit: an expectation failed.
    static let needsLockedPathState = "DSC01"
    /// The SQLSTATE of a group whose prediction did not hold: the head moved elsewhere.
    static let headMovedState = "DSC02"
    /// The SQLSTATE of a group that found another writer's append at the head.
    static let otherWriterState = "DSC03"

    /// How long a staged group waits for the group before it, a safety net (a lock the appender failed to
    /// release); a group that waited this long takes the locked path.
    static let predecessorWaitLimit = "5s"

    /// The key of the session lock the appender holds while the staged group starting at `firstOffset`
    /// commits.
    static func groupKey(firstOffset: Int64) -> Int32 {
        Int32(firstOffset % 2_147_483_648)
    }

    /// Drops the function as schema versions 2 and 3 have it (it took the group's smallest id, `p_min_id`).
    static let dropVersion3Statement = """
        DROP FUNCTION IF EXISTS disco_append_staged(
            uuid[], text[], int[], int[], bytea[], bytea[], text[], int[], bigint[], uuid,
            uuid, bigint, bigint, bigint[], bigint, bigint)
        """

    static let createStatement = """
        CREATE OR REPLACE FUNCTION disco_append_staged(
            p_ids uuid[], p_types text[], p_aggregate_indexes int[], p_occurrences int[],
            p_payloads bytea[], p_metas bytea[], p_aggregates text[],
            p_expected_aggregate_indexes int[], p_expected_versions bigint[],
            p_writer uuid, p_first_offset bigint, p_expected_appends bigint, p_known_versions bigint[],
            p_after_group bigint, p_emitted_at bigint
        ) RETURNS TABLE (emitted_at bigint, versions bigint[], appends bigint) LANGUAGE plpgsql AS $fn$
        #variable_conflict use_column
        DECLARE
            v_at timestamptz := 'epoch'::timestamptz + p_emitted_at * interval '1 microsecond';
            v_bases bigint[];
            v_head bigint;
            v_head_at timestamptz;
            v_writer uuid;
            v_appends bigint;
            v_count bigint := cardinality(p_ids);
        BEGIN
            PERFORM pg_advisory_xact_lock_shared(\(lockClass), -1);
            -- Give up before inserting when the prediction already failed.
            SELECT h."offset", h.writer INTO v_head, v_writer FROM disco_head h;
            IF v_writer IS DISTINCT FROM p_writer THEN
                RAISE EXCEPTION 'disco: another writer appended' USING ERRCODE = '\(otherWriterState)';
            END IF;
            IF v_head >= p_first_offset THEN
                RAISE EXCEPTION 'disco: the head moved' USING ERRCODE = '\(headMovedState)';
            END IF;

            IF -1 <> ALL (p_known_versions) THEN
                v_bases := p_known_versions;
            ELSE
                v_bases := ARRAY(
                    SELECT CASE WHEN a.known >= 0 THEN a.known ELSE coalesce(
                               (SELECT max(x.aggregate_version) FROM disco_events x WHERE x.aggregate_id = a.id), 0) END
                    FROM unnest(p_aggregates, p_known_versions) WITH ORDINALITY AS a(id, known, n) ORDER BY a.n);
            END IF;
            IF EXISTS (SELECT 1 FROM unnest(p_expected_aggregate_indexes, p_expected_versions) AS k(ai, v)
                       WHERE v_bases[k.ai] <> k.v) THEN
                RAISE EXCEPTION 'disco: an expectation failed' USING ERRCODE = '\(needsLockedPathState)';
            END IF;

            INSERT INTO disco_events ("offset", id, type, aggregate_id, aggregate_version, emitted_at, payload, meta)
            SELECT p_first_offset + t.n - 1, t.id, t.type, p_aggregates[t.ai], v_bases[t.ai] + t.occ, v_at,
                   t.payload, t.meta
            FROM unnest(p_ids, p_types, p_aggregate_indexes, p_occurrences, p_payloads, p_metas) WITH ORDINALITY
                 AS t(id, type, ai, occ, payload, meta, n);

            IF p_after_group >= 0 THEN
                SET LOCAL lock_timeout = '\(predecessorWaitLimit)';
                PERFORM pg_advisory_lock_shared(\(lockClass), (p_after_group % 2147483648)::int);
                PERFORM pg_advisory_unlock_shared(\(lockClass), (p_after_group % 2147483648)::int);
            END IF;
            SELECT h."offset", h.emitted_at, h.writer, h.appends
            INTO v_head, v_head_at, v_writer, v_appends
            FROM disco_head h FOR UPDATE;
            IF v_writer IS DISTINCT FROM p_writer THEN
                RAISE EXCEPTION 'disco: another writer appended' USING ERRCODE = '\(otherWriterState)';
            END IF;
            IF v_head <> p_first_offset - 1 OR v_appends <> p_expected_appends OR v_head_at > v_at THEN
                RAISE EXCEPTION 'disco: the head moved' USING ERRCODE = '\(headMovedState)';
            END IF;
            UPDATE disco_head SET "offset" = v_head + v_count, emitted_at = v_at, writer = p_writer,
                                  appends = v_appends + 1;
            PERFORM pg_notify('disco_events', (v_head + v_count)::text);
            RETURN QUERY SELECT (extract(epoch FROM v_at) * 1000000)::bigint, v_bases, v_appends + 1;
        END
        $fn$
        """
}
