-- Alerts: who subscribes to what, which alerts have fired (each crossing is told once, until
-- its subject recovers), which snapshots have been judged (each once, whichever replica gets
-- there first), and the messages: written with the judgement in one transaction, then sent.

-- An admin as alerts know them: the language to write in and, once looked up, their userid.
CREATE TABLE alert_admins (
    union_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    lang TEXT NOT NULL,
    userid TEXT,
    updated_at BIGINT NOT NULL
);

-- One row per admin and rule they subscribe to ('warning', 'critical', 'fullSoon', 'org').
CREATE TABLE alert_subscriptions (
    union_id TEXT NOT NULL,
    rule TEXT NOT NULL,
    PRIMARY KEY (union_id, rule)
);

-- The alerts that have fired and whose subject has not recovered since.
CREATE TABLE alert_fired (
    rule TEXT NOT NULL,
    -- A space's id, or 'org'.
    subject TEXT NOT NULL,
    fired_at BIGINT NOT NULL,
    PRIMARY KEY (rule, subject)
);

-- Each snapshot judged, once.
CREATE TABLE alert_evaluations (
    collection_id BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    crossings BIGINT NOT NULL,
    messages BIGINT NOT NULL
);

-- Each message to an admin, from its decision to DingTalk's result.
CREATE TABLE alert_messages (
    id BIGINT PRIMARY KEY,
    collection_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    union_id TEXT NOT NULL,
    lang TEXT NOT NULL,
    digest BIGINT NOT NULL,
    -- What it tells, as JSON (the log's crossings).
    crossings TEXT NOT NULL,
    title TEXT NOT NULL,
    -- The `msg` sent, as JSON: written once, so every attempt sends the same content.
    msg TEXT NOT NULL,
    -- 'pending', 'sent' or 'failed'.
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    -- Metered DingTalk calls spent on it.
    calls BIGINT NOT NULL,
    -- When its next step is due (an attempt, or the look-up of its result).
    next_at BIGINT NOT NULL,
    -- The process working on it, until when.
    claimed_by TEXT,
    claimed_until BIGINT NOT NULL,
    task_id BIGINT,
    sent_at BIGINT,
    -- What became of it (getsendresult), once known; and the look-ups tried.
    delivery TEXT,
    result_tries BIGINT NOT NULL,
    -- The last failure, as "code: message".
    error TEXT
);

CREATE INDEX alert_messages_due ON alert_messages (state, next_at);
