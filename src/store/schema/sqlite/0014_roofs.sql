-- 0014_roofs.sql — the rooftop census (issue 7): every enterprise's roofs, what PV they can
-- hold and what they hold already (energy/roof.h, docs/planning.md).

CREATE TABLE roof (
	id INTEGER PRIMARY KEY,
	enterprise_id INTEGER NOT NULL REFERENCES enterprise (id),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
	area_m2 REAL NOT NULL CHECK (area_m2 > 0 AND area_m2 <= 1e6),
	tilt_deg REAL NOT NULL CHECK (tilt_deg BETWEEN 0 AND 90),
	azimuth_deg REAL NOT NULL CHECK (azimuth_deg >= 0 AND azimuth_deg < 360),
	usable_share REAL NOT NULL CHECK (usable_share > 0 AND usable_share <= 1),
	kwp_per_m2 REAL CHECK (kwp_per_m2 IS NULL OR (kwp_per_m2 > 0 AND kwp_per_m2 <= 0.3)),
	installed_kwp REAL NOT NULL DEFAULT 0 CHECK (installed_kwp >= 0),
	UNIQUE (enterprise_id, name)
);
