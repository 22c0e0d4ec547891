-- 0002_users.sql — people and machines that use the web platform: users with a role,
-- browser sessions, API tokens, and failed logins for the rate limit. Kept in the
-- store (not in a server process) so that several 'greenpark serve' processes can
-- share one database. Secrets are stored only as hashes.

CREATE TABLE app_user (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
	role TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'enterprise', 'bank', 'viewer')),
	enterprise_id INTEGER REFERENCES enterprise (id),
	bank TEXT,
	password_hash TEXT NOT NULL,
	created_at TEXT NOT NULL,
	CHECK ((role = 'enterprise') = (enterprise_id IS NOT NULL)),
	CHECK ((role = 'bank') = (bank IS NOT NULL))
);

-- A browser session: the cookie holds a random value; the store keeps its hash.
CREATE TABLE session (
	token_hash BLOB PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
	csrf TEXT NOT NULL,
	created_at INTEGER NOT NULL, -- unix seconds
	last_seen INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX session_user ON session (user_id);

-- An API token for machines (Authorization: Bearer); only its hash is kept.
CREATE TABLE api_token (
	token_hash BLOB PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
	created_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX api_token_user ON api_token (user_id);

-- Failed logins by client address and by user name, for the login rate limit.
CREATE TABLE login_failure (
	key TEXT NOT NULL,
	at INTEGER NOT NULL
);
CREATE INDEX login_failure_key ON login_failure (key, at);

-- A park built by 'greenpark demo' holds sample data, and every page says so.
ALTER TABLE park ADD COLUMN sample INTEGER NOT NULL DEFAULT 0 CHECK (sample IN (0, 1));
