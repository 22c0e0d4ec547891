-- 0009_mqtt.sql — MQTT topics mapped to meters (issue 6, MQTT ingestion). A message on a
-- mapped topic whose points do not name their meter (JSON {"ts", "value"}) is written to
-- the topic's meter. Topics are exact MQTT topic names (no wildcards); a topic maps to one
-- meter, and a meter may have several topics.

CREATE TABLE mqtt_topic (
	topic TEXT PRIMARY KEY CHECK (length(topic) BETWEEN 1 AND 512),
	meter_id INTEGER NOT NULL REFERENCES meter (id),
	created_at TEXT NOT NULL
);
CREATE INDEX mqtt_topic_meter ON mqtt_topic (meter_id);
