-- Scans of a space: its whole flat listing (DingTalk's listAll) walked page by page, what each
-- folder holds rolled up at the end. One scan per space runs at a time (the lease
-- 'scan:{spaceId}'); each page is written with the token of the next in one transaction, so a
-- scan resumes after a restart exactly where it stopped.
CREATE TABLE scans (
    -- Unix microseconds when it started.
    id BIGINT PRIMARY KEY,
    space_id TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    -- Whose unionId DingTalk is asked under, and their name as shown.
    operator_union_id TEXT NOT NULL,
    operator_name TEXT NOT NULL,
    -- 'running', 'complete', 'cancelled' or 'stopped'.
    state TEXT NOT NULL,
    -- The token of the next page to read; NULL before the first page and after the last.
    next_token TEXT,
    -- Pages read (one metered call each) and entries listed (repeats included).
    pages BIGINT NOT NULL,
    listed BIGINT NOT NULL,
    -- Entries listed more than once, known once it ends.
    repeats BIGINT NOT NULL,
    -- The calls it was expected to take.
    expected_calls BIGINT,
    -- Seconds spent walking, across restarts.
    walk_secs BIGINT NOT NULL,
    -- 1 once an admin asked to cancel it.
    cancel_asked BIGINT NOT NULL,
    -- Why it stopped: DingTalk's or this server's error, as {"status","code","message"}.
    error TEXT,
    -- Unix seconds of the last sign of life of the process running it.
    heartbeat_at BIGINT NOT NULL,
    -- Once ended: its files and bytes, how long the roll-up took, and the report's JSON.
    files BIGINT,
    bytes BIGINT,
    rollup_ms BIGINT,
    report TEXT
);

CREATE INDEX scans_space ON scans (space_id, id);
CREATE INDEX scans_state ON scans (state);

-- Each entry a scan listed, once (a repeat replaces it).
CREATE TABLE scan_entries (
    scan_id BIGINT NOT NULL,
    entry_id TEXT NOT NULL,
    parent_id TEXT NOT NULL,
    folder BIGINT NOT NULL,
    name TEXT NOT NULL,
    extension TEXT NOT NULL,
    size BIGINT NOT NULL,
    -- Unix milliseconds of the last change, when DingTalk gave one.
    modified_ms BIGINT,
    creator TEXT NOT NULL,
    PRIMARY KEY (scan_id, entry_id)
);

CREATE INDEX scan_entries_parent ON scan_entries (scan_id, parent_id, size);

-- Every folder's totals over everything under it, written when a scan ends (the root's id is
-- '0'). Kept for the latest scan with results of each space only.
CREATE TABLE scan_folders (
    scan_id BIGINT NOT NULL,
    folder_id TEXT NOT NULL,
    parent_id TEXT NOT NULL,
    name TEXT NOT NULL,
    size BIGINT NOT NULL,
    files BIGINT NOT NULL,
    newest_ms BIGINT,
    -- The kind of file holding most of its bytes ('documents', 'images', ...).
    kind TEXT NOT NULL,
    PRIMARY KEY (scan_id, folder_id)
);

CREATE INDEX scan_folders_parent ON scan_folders (scan_id, parent_id);
