-- 0005_projects.sql — the investment pipeline (招商项目 "六位一体"): projects with their
-- expected output, energy and pollutants, their team ("一个项目、一套班子"), every stage
-- change (dated, by whom, why), the screening rules of the park's environmental and energy
-- gate (环保一票否决) and every screening decision with the inputs it was made on.

CREATE TABLE project (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
	investor TEXT NOT NULL,
	enterprise_id INTEGER REFERENCES enterprise (id), -- the investor when it is in the park
	industry_code TEXT NOT NULL,
	leading_industry TEXT NOT NULL CHECK (leading_industry IN
		('new_energy_materials', 'new_tech_equipment', 'health_food', 'other')),
	subpark_id INTEGER REFERENCES subpark (id),
	investment_wan_yuan REAL NOT NULL CHECK (investment_wan_yuan >= 0),
	output_wan_yuan REAL NOT NULL CHECK (output_wan_yuan >= 0), -- expected a year
	tax_wan_yuan REAL NOT NULL CHECK (tax_wan_yuan >= 0),       -- expected a year
	land_mu REAL NOT NULL CHECK (land_mu >= 0),
	land_m2 REAL NOT NULL CHECK (land_m2 >= 0),
	high_tech INTEGER NOT NULL CHECK (high_tech IN (0, 1)),
	talent TEXT NOT NULL,     -- 人才+项目: the talent attached
	lead TEXT NOT NULL,       -- 一套班子: the lead
	members TEXT NOT NULL,    -- members, '；'-separated as entered
	department TEXT NOT NULL, -- the department that carries the project
	so2_t REAL NOT NULL DEFAULT 0 CHECK (so2_t >= 0), -- expected emissions, t a year
	nox_t REAL NOT NULL DEFAULT 0 CHECK (nox_t >= 0),
	voc_t REAL NOT NULL DEFAULT 0 CHECK (voc_t >= 0),
	pm_t REAL NOT NULL DEFAULT 0 CHECK (pm_t >= 0),
	cod_t REAL NOT NULL DEFAULT 0 CHECK (cod_t >= 0),
	nh3n_t REAL NOT NULL DEFAULT 0 CHECK (nh3n_t >= 0),
	key_list TEXT NOT NULL DEFAULT '', -- e.g. '2022年山东省重点项目', or ''
	note TEXT NOT NULL DEFAULT '',
	stage TEXT NOT NULL CHECK (stage IN ('reserve', 'negotiating', 'signed', 'landed',
		'started', 'building', 'producing', 'terminated')),
	stage_since TEXT NOT NULL,    -- YYYY-MM-DD the current stage was entered
	reached TEXT NOT NULL,        -- the furthest stage before any termination
	terminated_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX project_stage ON project (stage);

-- Expected yearly energy use by carrier (an item of items.csv), canonical units.
CREATE TABLE project_energy (
	project_id INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
	item_id INTEGER NOT NULL REFERENCES item (id),
	quantity REAL NOT NULL CHECK (quantity >= 0),
	PRIMARY KEY (project_id, item_id)
) WITHOUT ROWID;

-- Every stage a project entered, in order: the first row is where it entered the pipeline.
CREATE TABLE project_event (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
	from_stage TEXT, -- NULL: entered the pipeline
	to_stage TEXT NOT NULL,
	on_date TEXT NOT NULL, -- YYYY-MM-DD, the business date of the change
	actor TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	override INTEGER NOT NULL DEFAULT 0 CHECK (override IN (0, 1)), -- admin skip or back
	decision_id INTEGER REFERENCES screen_decision (id),
	at TEXT NOT NULL -- when it was recorded (UTC)
);
CREATE INDEX project_event_project ON project_event (project_id, id);

-- The gate's rules. kind: energy_intensity_max (tce/万元 of expected output; param
-- 'equivalent' 等价值 or 'calorific' 当量值), co2_intensity_max (t CO2/万元), pollutant_max
-- (param so2|nox|voc|pm|cod|nh3n, t a year), restricted_industry (param an industry code
-- prefix), park_core_max (the park's zcp2025 t CO2/tce with the project added),
-- park_core_increase_max (its increase).
CREATE TABLE screen_rule (
	code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 32),
	seq INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('energy_intensity_max', 'co2_intensity_max',
		'pollutant_max', 'restricted_industry', 'park_core_max', 'park_core_increase_max')),
	param TEXT NOT NULL DEFAULT '',
	threshold REAL, -- NULL for restricted_industry
	mandatory INTEGER NOT NULL CHECK (mandatory IN (0, 1)),
	name TEXT NOT NULL, -- what a person reads: '单位产值能耗 ≤ 0.5 tce/万元'
	source TEXT NOT NULL DEFAULT ''
);

-- Every screening: the project's inputs and every rule's result, as JSON, kept whether
-- the gate passed or vetoed.
CREATE TABLE screen_decision (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
	at TEXT NOT NULL,
	actor TEXT NOT NULL,
	to_stage TEXT NOT NULL, -- the transition screened
	vetoed INTEGER NOT NULL CHECK (vetoed IN (0, 1)),
	inputs_json TEXT NOT NULL,
	results_json TEXT NOT NULL
);
CREATE INDEX screen_decision_project ON screen_decision (project_id, id);
