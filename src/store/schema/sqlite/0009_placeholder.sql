-- 0009_placeholder.sql — holds version 9 for the MQTT branch's 0009 migration so that 0010
-- (Modbus) numbers right on the modbus branch; the merge replaces this file with that one.
SELECT 1;
