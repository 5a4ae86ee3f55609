-- The organization's storage (GET /v1.0/storage/orgs/{corpId}) once per day (China time),
-- from the day's last snapshot, beside what its spaces added up to that day: what the
-- organization's headline capacity, chart and forecast read. Kept as long as space_days.
CREATE TABLE org_days (
    day BIGINT PRIMARY KEY,
    -- Bytes used and the maximum over the organization's partitions.
    used BIGINT NOT NULL,
    capacity BIGINT NOT NULL,
    -- Bytes pre-allocated and not used (0 when DingTalk says none).
    reserved BIGINT NOT NULL,
    -- The quotas of the limited spaces, and the use of every space, of the same snapshot.
    allotted BIGINT NOT NULL,
    spaces_used BIGINT NOT NULL,
    -- 1 for a day the demo made up.
    demo BIGINT NOT NULL
);
