-- 0010_modbus.sql — the Modbus register map (issue 6): the register a meter's readings are
-- polled from, one per meter, and how to decode it (core/modbus_map.h, docs/metering.md).

CREATE TABLE modbus_register (
	meter_id INTEGER PRIMARY KEY REFERENCES meter (id),
	host TEXT NOT NULL CHECK (length(host) BETWEEN 1 AND 64),
	port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
	unit_id INTEGER NOT NULL CHECK (unit_id BETWEEN 0 AND 247),
	kind TEXT NOT NULL CHECK (kind IN ('holding', 'input')),
	address INTEGER NOT NULL CHECK (address BETWEEN 0 AND 65535),
	type TEXT NOT NULL CHECK (type IN ('int16', 'uint16', 'int32', 'uint32', 'float32')),
	word_order TEXT NOT NULL CHECK (word_order IN ('big', 'little')),
	scale REAL NOT NULL CHECK (scale <> 0),   -- reading = raw × scale
	interval_s INTEGER NOT NULL CHECK (interval_s BETWEEN 1 AND 86400)
);
