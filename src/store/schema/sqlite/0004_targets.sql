-- 0004_targets.sql — park and enterprise targets (dual-carbon intensity cuts, clean-energy
-- share by a year, 工业倍增 output doubling) from which trajectories are drawn.

CREATE TABLE target (
	id INTEGER PRIMARY KEY,
	enterprise_id INTEGER REFERENCES enterprise (id), -- NULL: the park
	metric TEXT NOT NULL CHECK (metric IN ('co2_per_wan_yuan', 'tce_per_wan_yuan',
		'clean_share', 'output_value', 'value_added', 'co2_t', 'energy_tce')),
	path TEXT NOT NULL CHECK (path IN ('rate', 'reach', 'multiple')),
	base_year INTEGER NOT NULL CHECK (base_year BETWEEN 1990 AND 2100),
	target_year INTEGER CHECK (target_year IS NULL OR target_year > base_year),
	amount REAL NOT NULL, -- rate: % a year; reach: the value; multiple: the factor
	note TEXT NOT NULL DEFAULT '',
	set_by TEXT NOT NULL,
	set_at TEXT NOT NULL,
	CHECK ((path = 'rate') = (target_year IS NULL))
);
