-- 0012_alarms.sql — meter alarms (issue 6): the park's alarm rules, the alarms they raise
-- (at most one open, i.e. not cleared, per rule and meter), and the log of every transition
-- of an alarm (docs/alarms.md). Times of alarms and events are Unix seconds.

CREATE TABLE alarm_rule (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('threshold', 'rate', 'stale', 'imbalance')),
	-- the meter; NULL: every meter the kind applies to (stale: every meter that takes
	-- readings; imbalance: every master meter with sub-meters)
	meter_id INTEGER REFERENCES meter (id),
	severity INTEGER NOT NULL DEFAULT 2 CHECK (severity BETWEEN 1 AND 3), -- 1 紧急 2 重要 3 一般
	enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
	note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
	high REAL,          -- threshold: raise when the level is above (canonical unit per hour, or
	low REAL,           -- the instantaneous unit) or below
	limit_per_h REAL,   -- rate: raise when the level changes faster than this per hour
	stale_s INTEGER,    -- stale: raise when the latest reading is older; 0: 3 × the interval
	pct REAL,           -- imbalance: raise when |master − Σ subs| / master × 100 is above
	period TEXT CHECK (period IN ('day', 'month')), -- imbalance: the period compared
	min_value REAL,     -- imbalance: periods whose master value is below are not judged
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	removed_at TEXT,    -- a removed rule stays for its alarms' history; it is not evaluated
	CHECK (meter_id IS NOT NULL OR kind IN ('stale', 'imbalance')),
	CHECK (kind <> 'threshold' OR high IS NOT NULL OR low IS NOT NULL),
	CHECK (kind <> 'rate' OR limit_per_h > 0),
	CHECK (kind <> 'stale' OR stale_s >= 0),
	CHECK (kind <> 'imbalance' OR (pct > 0 AND period IS NOT NULL AND min_value >= 0))
);
CREATE INDEX alarm_rule_meter ON alarm_rule (meter_id);

CREATE TABLE alarm (
	id INTEGER PRIMARY KEY,
	rule_id INTEGER NOT NULL REFERENCES alarm_rule (id),
	meter_id INTEGER NOT NULL REFERENCES meter (id),
	raised_at INTEGER NOT NULL, -- the first violation (a reading's time, or the evaluation's)
	last_at INTEGER NOT NULL,   -- the last violation counted
	obs_key INTEGER NOT NULL,   -- what the last violation observed: a reading's time, the
	                            -- latest reading's (stale), the day or YYYYMM (imbalance)
	value REAL,                 -- the last violation's value (level, rate, age in s, or %)
	detail TEXT NOT NULL DEFAULT '', -- the last violation in words
	count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
	active INTEGER NOT NULL CHECK (active IN (0, 1)), -- the condition is present
	acked INTEGER NOT NULL DEFAULT 0 CHECK (acked IN (0, 1)),
	ack_by TEXT,
	ack_at INTEGER,
	ack_note TEXT,
	returned_at INTEGER,        -- found normal again (NULL while active)
	cleared_by TEXT,
	cleared_at INTEGER,         -- cleared alarms are history
	clear_note TEXT,
	period TEXT                 -- imbalance: the day (YYYY-MM-DD) or month (YYYY-MM)
);
-- at most one open alarm per rule and meter
CREATE UNIQUE INDEX alarm_open ON alarm (rule_id, meter_id) WHERE cleared_at IS NULL;
CREATE INDEX alarm_rule_meter_key ON alarm (rule_id, meter_id, obs_key);
CREATE INDEX alarm_meter ON alarm (meter_id);

CREATE TABLE alarm_event (
	id INTEGER PRIMARY KEY,
	alarm_id INTEGER NOT NULL REFERENCES alarm (id),
	at INTEGER NOT NULL,        -- when it was recorded (the evaluation's or the action's time)
	event TEXT NOT NULL CHECK (event IN ('raise', 'update', 'return', 'ack', 'clear')),
	actor TEXT NOT NULL,        -- 'system' for the evaluator, else who acted
	value REAL,
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alarm_event_alarm ON alarm_event (alarm_id);
