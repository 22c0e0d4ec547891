-- 0006_desk.sql — PLACEHOLDER in branch 'finance' only, so that 0007_finance.sql has no gap
-- before it (migrations are numbered without gaps). The service desk's branch owns this
-- file: on merge, take the desk branch's 0006_desk.sql and drop this one.
SELECT 1;
