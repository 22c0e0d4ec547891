/* fuzz_mqtt_payload.c — libFuzzer harness for the MQTT payload parser
 * (ingest/mqtt_payload.c), which sees every byte a publisher sends: the first byte picks
 * whether the message's topic is mapped to a meter, the rest is the payload. Must never
 * crash, leak, read past the payload or keep more points than the cap. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "ingest/mqtt_payload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mqtt_batch b;
	const char *topic_meter;

	if (size == 0)
		return 0;
	topic_meter = data[0] & 1 ? "W2" : NULL;
	mqtt_batch_init(&b);
	mqtt_payload_parse((const char *)data + 1, size - 1, topic_meter, &b);
	if (b.n > MQTT_POINTS_MAX || b.nreasons > MQTT_REASONS_KEPT)
		abort();
	for (size_t i = 0; i < b.n; i++)
		if (!b.points[i].p.meter[0])
			abort(); /* every kept point names its meter */
	mqtt_batch_release(&b);
	return 0;
}
