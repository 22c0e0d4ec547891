-- 0003_indicators.sql — indicator sets (data/indicators/*.csv, loaded by init) and the
-- park attributes that indicators read but the ledger does not hold (infrastructure,
-- ecology, management), entered per year.

CREATE TABLE indicator_def (
	standard TEXT NOT NULL,
	seq INTEGER NOT NULL,
	code TEXT NOT NULL,
	grp TEXT NOT NULL,
	name_zh TEXT NOT NULL,
	name_en TEXT NOT NULL,
	unit TEXT NOT NULL,
	target REAL,
	direction TEXT NOT NULL CHECK (direction IN ('min', 'max', 'bool')),
	required INTEGER NOT NULL CHECK (required IN (0, 1)),
	variant_of TEXT NOT NULL,
	applies TEXT NOT NULL,
	applies_text TEXT NOT NULL,
	expr TEXT NOT NULL,
	method TEXT NOT NULL,
	gap_expr TEXT NOT NULL,
	gap_unit TEXT NOT NULL,
	formula TEXT NOT NULL,
	source TEXT NOT NULL,
	confidence TEXT NOT NULL,
	PRIMARY KEY (standard, code)
);

CREATE TABLE park_attribute (
	year INTEGER NOT NULL,
	code TEXT NOT NULL,
	value REAL NOT NULL,
	source TEXT NOT NULL,
	set_by TEXT NOT NULL,
	set_at TEXT NOT NULL,
	PRIMARY KEY (year, code)
);
