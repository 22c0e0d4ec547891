-- 0007_finance.sql — the green-finance ledger (政银企对接): banks, their credit lines (授信)
-- and loans (贷款) to the park's enterprises. Amounts are whole fen (分, 0.01 yuan) as
-- INTEGER, so every sum is exact (amount_wan_yuan = amount_fen / 1e6). Dates are
-- YYYY-MM-DD text. purpose: the six first-level categories of 绿色产业指导目录（2019年版）
-- (发改环资〔2019〕293号) or 'general' (not green). A (bank, ref) pair names one record; a
-- re-import of it updates the record (audited with before and after).

CREATE TABLE bank (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE CHECK (length(CAST(name AS BLOB)) BETWEEN 1 AND 128)
);

CREATE TABLE credit (
	id INTEGER PRIMARY KEY,
	bank_id INTEGER NOT NULL REFERENCES bank (id),
	ref TEXT NOT NULL CHECK (length(CAST(ref AS BLOB)) BETWEEN 1 AND 64), -- contract number
	enterprise_id INTEGER NOT NULL REFERENCES enterprise (id),
	amount_fen INTEGER NOT NULL CHECK (amount_fen > 0 AND amount_fen <= 10000000000000),
	granted TEXT NOT NULL,
	expires TEXT NOT NULL CHECK (expires > granted),
	purpose TEXT NOT NULL CHECK (purpose IN ('energy_saving', 'clean_production',
		'clean_energy', 'ecology', 'green_infrastructure', 'green_services', 'general')),
	project_id INTEGER REFERENCES project (id),
	note TEXT NOT NULL DEFAULT '',
	UNIQUE (bank_id, ref)
);
CREATE INDEX credit_enterprise ON credit (enterprise_id);
CREATE INDEX credit_granted ON credit (granted);

CREATE TABLE loan (
	id INTEGER PRIMARY KEY,
	bank_id INTEGER NOT NULL REFERENCES bank (id),
	ref TEXT NOT NULL CHECK (length(CAST(ref AS BLOB)) BETWEEN 1 AND 64),
	enterprise_id INTEGER NOT NULL REFERENCES enterprise (id),
	amount_fen INTEGER NOT NULL CHECK (amount_fen > 0 AND amount_fen <= 10000000000000),
	disbursed TEXT NOT NULL,
	maturity TEXT NOT NULL CHECK (maturity > disbursed),
	rate_pct REAL NOT NULL CHECK (rate_pct >= 0 AND rate_pct <= 36),
	term_months INTEGER NOT NULL CHECK (term_months BETWEEN 1 AND 600),
	purpose TEXT NOT NULL CHECK (purpose IN ('energy_saving', 'clean_production',
		'clean_energy', 'ecology', 'green_infrastructure', 'green_services', 'general')),
	project_id INTEGER REFERENCES project (id),
	note TEXT NOT NULL DEFAULT '',
	UNIQUE (bank_id, ref)
);
CREATE INDEX loan_enterprise ON loan (enterprise_id);
CREATE INDEX loan_disbursed ON loan (disbursed);
