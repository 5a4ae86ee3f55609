-- One point per space per day (China time), from the day's last snapshot: what the history
-- charts, the growth figures and the forecasts read, kept for HISTORY_DAYS days (400 by
-- default). `demo` marks points the demo made up for its history, not DingTalk's answers.
CREATE TABLE space_days (
    space_id TEXT NOT NULL,
    -- Days since 1970-01-01, China time.
    day BIGINT NOT NULL,
    used BIGINT,
    quota BIGINT,
    -- The snapshot the point comes from (the day's last); 0 for demo points.
    collection_id BIGINT NOT NULL,
    demo BIGINT NOT NULL,
    PRIMARY KEY (space_id, day)
);

CREATE INDEX space_days_day ON space_days (day);
CREATE INDEX space_days_collection ON space_days (collection_id);
