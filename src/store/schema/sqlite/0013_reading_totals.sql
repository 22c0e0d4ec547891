-- 0013_reading_totals.sql — the park's daily totals, kept on ingest (issue 6, query (c) of
-- the benchmark: "the park's daily totals"; docs/metering.md, "Totals"). One row per
-- (enterprise, the enterprise of the meter's master or 0 for a main meter, item, day): the
-- sum of the day values of its cumulative and interval meters (canonical unit) and how many
-- meters have a value that day. Updated by the deltas of every day row a write changes
-- (ingest/readings.c), in the write's transaction. A total then reads about one row per
-- enterprise and day instead of every meter's day rows.

CREATE TABLE reading_total_day (
	enterprise_id INTEGER NOT NULL REFERENCES enterprise (id),
	parent_enterprise_id INTEGER NOT NULL, -- the master's enterprise; 0: a main meter
	item_id INTEGER NOT NULL REFERENCES item (id),
	day INTEGER NOT NULL,        -- days since 1970-01-01 in the park's time zone
	value REAL NOT NULL,         -- the sum of the day values
	n INTEGER NOT NULL,          -- meters with a value that day (0: none left)
	PRIMARY KEY (enterprise_id, parent_enterprise_id, item_id, day)
) WITHOUT ROWID;
CREATE INDEX reading_total_day_by_day ON reading_total_day (day);

-- what the day rows hold already
INSERT INTO reading_total_day (enterprise_id, parent_enterprise_id, item_id, day, value, n)
SELECT m.enterprise_id, coalesce(p.enterprise_id, 0), m.item_id, r.day, sum(r.value),
       count(r.value)
FROM reading_day r JOIN meter m ON m.id = r.meter_id LEFT JOIN meter p ON p.id = m.parent_id
WHERE m.kind IN ('cumulative', 'interval') AND r.value IS NOT NULL
GROUP BY 1, 2, 3, 4;
