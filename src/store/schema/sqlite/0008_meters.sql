-- 0008_meters.sql — meters and their readings (issue 6). Readings are kept as compressed
-- chunks, one row per meter and park-local day (core/tsz.c: delta-of-delta times, decimal or
-- XOR values), with that day's hourly rollup beside them in the same row and the day's
-- figures as columns, so a day of 15-minute readings costs one row; months have a row each.
-- Rollup values are consumption for cumulative meters (increments, rollover handled), sums
-- for interval meters and means for instantaneous ones (docs/metering.md).

CREATE TABLE meter (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
	enterprise_id INTEGER NOT NULL REFERENCES enterprise (id),
	item_id INTEGER NOT NULL REFERENCES item (id),
	unit TEXT NOT NULL,              -- the unit readings come in
	to_canonical REAL NOT NULL,      -- reading × multiplier × to_canonical = the item's unit
	kind TEXT NOT NULL CHECK (kind IN ('cumulative', 'interval', 'instant', 'virtual')),
	formula TEXT,                    -- a virtual meter's sum: '+M1 +M2 -M3' (codes with signs)
	multiplier REAL NOT NULL DEFAULT 1 CHECK (multiplier > 0), -- CT × PT ratio
	rollover REAL,                   -- a cumulative counter's wrap value, or NULL
	interval_s INTEGER NOT NULL DEFAULT 900 CHECK (interval_s BETWEEN 1 AND 86400),
	parent_id INTEGER REFERENCES meter (id), -- the master meter this one is a sub-meter of
	created_at TEXT NOT NULL
);
CREATE INDEX meter_parent ON meter (parent_id);
CREATE INDEX meter_enterprise ON meter (enterprise_id);

CREATE TABLE reading_day (
	meter_id INTEGER NOT NULL REFERENCES meter (id),
	day INTEGER NOT NULL,       -- days since 1970-01-01 in the park's time zone
	n INTEGER NOT NULL,         -- points
	points BLOB NOT NULL,       -- tsz chunk of the raw readings (as read, before multiplier)
	hours BLOB NOT NULL,        -- tsz chunk: hour start → the hour's value (canonical unit)
	value REAL,                 -- the day's value (canonical unit); NULL: none
	flags INTEGER NOT NULL DEFAULT 0, -- data quality: 1 gap, 2 spike, 4 reset, 8 rollover
	PRIMARY KEY (meter_id, day)
) WITHOUT ROWID;

CREATE TABLE reading_month (
	meter_id INTEGER NOT NULL REFERENCES meter (id),
	month INTEGER NOT NULL,     -- YYYYMM in the park's time zone
	value REAL,
	days INTEGER NOT NULL,      -- days with readings
	flags INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (meter_id, month)
) WITHOUT ROWID;
