-- 0001_init.sql — the park registry, the factor library, the monthly ledger with its
-- yearly sums, and the audit log. Applied once by 'greenpark init' on a new store.

CREATE TABLE park (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
	region TEXT NOT NULL DEFAULT '',
	grid TEXT NOT NULL DEFAULT 'national',
	land_km2 REAL NOT NULL DEFAULT 0 CHECK (land_km2 >= 0),
	timezone TEXT NOT NULL DEFAULT 'Asia/Shanghai'
);
INSERT INTO park (id, name) VALUES (1, '未命名园区');

CREATE TABLE subpark (
	id INTEGER PRIMARY KEY,
	park_id INTEGER NOT NULL REFERENCES park (id),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
	UNIQUE (park_id, name)
);

CREATE TABLE enterprise (
	id INTEGER PRIMARY KEY,
	park_id INTEGER NOT NULL REFERENCES park (id),
	uscc TEXT NOT NULL UNIQUE CHECK (length(uscc) = 18),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
	subpark_id INTEGER REFERENCES subpark (id),
	industry_code TEXT NOT NULL,
	leading_industry TEXT NOT NULL CHECK (leading_industry IN
		('new_energy_materials', 'new_tech_equipment', 'health_food', 'other')),
	high_tech INTEGER NOT NULL CHECK (high_tech IN (0, 1)),
	srdi INTEGER NOT NULL CHECK (srdi IN (0, 1)),
	employees INTEGER NOT NULL CHECK (employees >= 0),
	land_m2 REAL NOT NULL CHECK (land_m2 >= 0)
);
CREATE INDEX enterprise_subpark ON enterprise (subpark_id);

CREATE TABLE platform (
	id INTEGER PRIMARY KEY,
	park_id INTEGER NOT NULL REFERENCES park (id),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
	level TEXT NOT NULL CHECK (level IN ('national', 'provincial', 'municipal')),
	kind TEXT NOT NULL CHECK (kind IN ('rd', 'innovation')),
	enterprise_id INTEGER REFERENCES enterprise (id),
	year INTEGER NOT NULL CHECK (year BETWEEN 1949 AND 2100),
	UNIQUE (park_id, name)
);

-- Factor library: rows of data/items.csv, data/grid_factors.csv and
-- data/electricity_equivalent.csv, with their source and confidence.
CREATE TABLE item (
	id INTEGER PRIMARY KEY CHECK (id BETWEEN 1 AND 4095),
	code TEXT NOT NULL UNIQUE,
	category TEXT NOT NULL,
	unit TEXT NOT NULL,
	alt_units TEXT NOT NULL,
	name_zh TEXT NOT NULL,
	name_en TEXT NOT NULL,
	tce_per_unit TEXT NOT NULL, -- a number, 'ncv', or '' as in items.csv
	ncv_gj_per_unit REAL,
	cc_tc_per_tj REAL,
	oxidation REAL,
	kind TEXT NOT NULL,
	confidence TEXT NOT NULL,
	source TEXT NOT NULL
);

CREATE TABLE grid_factor (
	year INTEGER NOT NULL,
	grid TEXT NOT NULL,
	kind TEXT NOT NULL,
	kg_co2_per_kwh REAL NOT NULL CHECK (kg_co2_per_kwh >= 0),
	confidence TEXT NOT NULL,
	source TEXT NOT NULL,
	PRIMARY KEY (year, grid, kind)
);

CREATE TABLE electricity_equivalent (
	year INTEGER PRIMARY KEY,
	kgce_per_kwh REAL NOT NULL CHECK (kgce_per_kwh > 0),
	confidence TEXT NOT NULL,
	source TEXT NOT NULL
);

-- A park's measured value (实测值) of any factor for one year; used in preference.
CREATE TABLE factor_override (
	year INTEGER NOT NULL,
	key TEXT NOT NULL,
	value REAL NOT NULL,
	source TEXT NOT NULL CHECK (length(source) >= 1),
	set_by TEXT NOT NULL,
	set_at TEXT NOT NULL,
	PRIMARY KEY (year, key)
);

-- One import (file, API upload, ...) into the ledger.
CREATE TABLE ledger_batch (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	actor TEXT NOT NULL,
	kind TEXT NOT NULL,
	source TEXT NOT NULL,
	inserted INTEGER NOT NULL DEFAULT 0,
	replaced INTEGER NOT NULL DEFAULT 0,
	unchanged INTEGER NOT NULL DEFAULT 0
);

-- Monthly quantity per enterprise and item, in the item's canonical unit.
-- The row key packs (enterprise_id << 32) | (period << 12) | item_id, period being
-- YYYYMM: one integer key makes bulk imports about twice as fast as a composite
-- key, and a key range selects one enterprise's year. The generated columns give
-- the parts back for queries.
CREATE TABLE activity (
	key INTEGER PRIMARY KEY,
	quantity REAL NOT NULL CHECK (quantity >= 0),
	batch_id INTEGER NOT NULL REFERENCES ledger_batch (id),
	enterprise_id INTEGER GENERATED ALWAYS AS (key >> 32) VIRTUAL,
	period INTEGER GENERATED ALWAYS AS ((key >> 12) & 1048575) VIRTUAL,
	item_id INTEGER GENERATED ALWAYS AS (key & 4095) VIRTUAL
);

-- Yearly sums of activity, refreshed for the (enterprise, year) pairs a batch
-- touched, in the same transaction.
CREATE TABLE activity_year (
	year INTEGER NOT NULL,
	enterprise_id INTEGER NOT NULL REFERENCES enterprise (id),
	item_id INTEGER NOT NULL REFERENCES item (id),
	quantity REAL NOT NULL,
	months INTEGER NOT NULL,
	PRIMARY KEY (year, enterprise_id, item_id)
) WITHOUT ROWID;

CREATE TABLE audit (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	entity TEXT NOT NULL,
	key TEXT NOT NULL,
	before_json TEXT,
	after_json TEXT,
	batch_id INTEGER
);
CREATE INDEX audit_entity ON audit (entity, id);
CREATE INDEX audit_batch ON audit (batch_id) WHERE batch_id IS NOT NULL;

-- A re-imported value that differs from the stored one is audited with the old and
-- the new value, who (the batch's actor) and when (the batch's time).
CREATE TRIGGER activity_replace AFTER UPDATE OF quantity ON activity
BEGIN
	INSERT INTO audit (at, actor, action, entity, key, before_json, after_json, batch_id)
	SELECT b.at, b.actor, 'replace', 'activity',
	       (SELECT uscc FROM enterprise WHERE id = new.enterprise_id) || '/' ||
	       printf('%04d-%02d', new.period / 100, new.period % 100) || '/' ||
	       (SELECT code FROM item WHERE id = new.item_id),
	       json_object('quantity', old.quantity, 'batch', old.batch_id),
	       json_object('quantity', new.quantity, 'batch', new.batch_id),
	       new.batch_id
	FROM ledger_batch b WHERE b.id = new.batch_id;
END;
