-- Listings of the organization's spaces. A collection is one run of listing every space; a
-- snapshot is a complete collection: its spaces are written together with its state in one
-- transaction, so a run that fails or is killed part-way never stands as a snapshot.
CREATE TABLE collections (
    -- Unix microseconds when it started: unique, since one runs at a time (the 'collect'
    -- lease), and in order.
    id BIGINT PRIMARY KEY,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    -- Whose unionId DingTalk was asked under, and their name as shown.
    operator_union_id TEXT NOT NULL,
    operator_name TEXT NOT NULL,
    -- 'asked' (an admin), 'stale' (opened after the freshness setting) or 'schedule'.
    reason TEXT NOT NULL,
    -- 'running', 'complete' or 'failed'.
    state TEXT NOT NULL,
    pages BIGINT NOT NULL,
    spaces BIGINT NOT NULL,
    -- The previous snapshot's page count, for progress; NULL without one.
    expected_pages BIGINT,
    -- Why it failed: DingTalk's or this server's error, as {"code","message","requestid"}.
    error TEXT,
    -- Unix seconds of the last sign of life of the process running it.
    heartbeat_at BIGINT NOT NULL
);

CREATE INDEX collections_state ON collections (state, id);

CREATE TABLE snapshot_spaces (
    collection_id BIGINT NOT NULL,
    -- DingTalk's order.
    position BIGINT NOT NULL,
    space_id TEXT NOT NULL,
    used BIGINT,
    quota BIGINT,
    -- The space's fields exactly as DingTalk sent them (one JSON object).
    fields TEXT NOT NULL,
    PRIMARY KEY (collection_id, position)
);

CREATE INDEX snapshot_spaces_space ON snapshot_spaces (space_id, collection_id);

-- Work that one process of several does at a time: held until `until` (Unix seconds) and
-- renewed while the work goes on, so a holder that dies passes it on.
CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until BIGINT NOT NULL
);

-- Small named facts: the admin who logged in last (the collector's operator by default), why
-- the scheduled collection is paused.
CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
