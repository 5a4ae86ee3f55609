-- The DingTalk calls this app made, per calendar month of DingTalk's metering (China time,
-- 'YYYY-MM'): the metered total the monthly budget is held against, and every call by API.
CREATE TABLE call_months (
    month TEXT PRIMARY KEY,
    metered BIGINT NOT NULL
);

CREATE TABLE call_counts (
    month TEXT NOT NULL,
    api TEXT NOT NULL,
    calls BIGINT NOT NULL,
    metered BIGINT NOT NULL,
    PRIMARY KEY (month, api)
);
