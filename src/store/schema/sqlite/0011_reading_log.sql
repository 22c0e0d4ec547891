-- 0011_reading_log.sql — the readings' write-ahead log (issue 6, docs/metering.md, "The
-- log"). A server acknowledges a write once its points are committed here, one row per
-- request (or MQTT message, Modbus round); a settler merges the rows into reading_day and
-- reading_month in large batches and deletes them, in one transaction. Every reader and
-- every direct write settles the log first, so what it sees includes every acknowledged
-- point. Empty whenever no server is writing.

CREATE TABLE reading_log (
	id INTEGER PRIMARY KEY,
	n INTEGER NOT NULL CHECK (n BETWEEN 1 AND 1000000), -- points in the row
	points BLOB NOT NULL        -- n × (meter id u32, Unix s i64, value f64), little-endian
);
