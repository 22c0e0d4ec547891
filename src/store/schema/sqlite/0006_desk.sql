-- 0006_desk.sql — the service desk (企业服务 / 包保): departments, their industries
-- (部门包产业: a department owns an industry-code prefix), staff owning enterprises
-- (员工包企业), enterprise tickets routed by those assignments, and every status change.

CREATE TABLE desk_department (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 128)
);

-- 部门包产业: the department owning an industry-code prefix (GB/T 4754, e.g. C38 owns C3841).
CREATE TABLE desk_industry (
	prefix TEXT PRIMARY KEY CHECK (length(prefix) BETWEEN 1 AND 5),
	department_id INTEGER NOT NULL REFERENCES desk_department (id)
);

-- 员工包企业: the staff member owning an enterprise (one owner an enterprise), and the
-- department the staff member works in.
CREATE TABLE desk_staff (
	enterprise_id INTEGER PRIMARY KEY REFERENCES enterprise (id),
	staff TEXT NOT NULL CHECK (length(staff) BETWEEN 1 AND 128),
	department_id INTEGER NOT NULL REFERENCES desk_department (id)
);

CREATE TABLE ticket (
	id INTEGER PRIMARY KEY,
	enterprise_id INTEGER NOT NULL REFERENCES enterprise (id),
	category TEXT NOT NULL CHECK (category IN ('land', 'funding', 'labour', 'technology',
		'approvals', 'utilities', 'other')),
	title TEXT NOT NULL CHECK (length(CAST(title AS BLOB)) BETWEEN 1 AND 200),
	description TEXT NOT NULL DEFAULT '' CHECK (length(CAST(description AS BLOB)) <= 4000),
	attachments TEXT NOT NULL DEFAULT '' CHECK (length(CAST(attachments AS BLOB)) <= 16384),
	priority TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
	opened TEXT NOT NULL,   -- YYYY-MM-DD
	deadline TEXT,          -- YYYY-MM-DD or NULL
	status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'resolved', 'confirmed',
		'reopened')),
	department TEXT NOT NULL DEFAULT '', -- routed to (the name, as it was when routed)
	staff TEXT NOT NULL DEFAULT '',
	resolution TEXT NOT NULL DEFAULT '' CHECK (length(CAST(resolution AS BLOB)) <= 2000),
	resolved TEXT,          -- YYYY-MM-DD of the last resolution; NULL when not resolved
	confirmed TEXT,         -- YYYY-MM-DD the enterprise confirmed
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	source_key TEXT UNIQUE, -- imports: the row's identity, so a re-import adds nothing
	CHECK (deadline IS NULL OR deadline >= opened),
	CHECK (resolved IS NULL OR resolved >= opened),
	CHECK ((status IN ('resolved', 'confirmed')) = (resolved IS NOT NULL))
);
CREATE INDEX ticket_enterprise ON ticket (enterprise_id, id);
CREATE INDEX ticket_status ON ticket (status);

-- Every status change: the first row is the filing (from_status NULL).
CREATE TABLE ticket_event (
	id INTEGER PRIMARY KEY,
	ticket_id INTEGER NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
	from_status TEXT,
	to_status TEXT NOT NULL,
	on_date TEXT NOT NULL, -- YYYY-MM-DD, the business date of the change
	actor TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	at TEXT NOT NULL       -- when it was recorded (UTC)
);
CREATE INDEX ticket_event_ticket ON ticket_event (ticket_id, id);
