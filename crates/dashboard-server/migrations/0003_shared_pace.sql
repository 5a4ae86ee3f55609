-- DingTalk's per-second pace, shared by every replica on one database: each API has as many
-- places as it may make calls a second, and a call holds one from before it is sent until a
-- second after its answer. `free_at`: when the place is free again, in milliseconds since 1970.
CREATE TABLE pace_places (
    api TEXT NOT NULL,
    place BIGINT NOT NULL,
    free_at BIGINT NOT NULL,
    PRIMARY KEY (api, place)
);
