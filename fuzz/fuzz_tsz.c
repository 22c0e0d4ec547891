/* fuzz_tsz.c — libFuzzer harness for the chunk codec (core/tsz.h). The input is decoded as
 * a chunk: a decode that succeeds must agree with tsz_peek and come back unchanged from
 * another encode and decode. The same bytes are then read as points three ways (raw 16-byte
 * records, increasing times, decimal values), encoded, decoded and compared bit for bit.
 * Must never crash, leak or read past the input; a disagreement aborts. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/tsz.h"
#include "util/str.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RECORD_BYTES 16

static uint64_t load_u64(const uint8_t *p)
{
	uint64_t x = 0;

	for (int i = 7; i >= 0; i--)
		x = (x << 8) | p[i];
	return x;
}

static uint64_t bits_of(double v)
{
	uint64_t u;

	memcpy(&u, &v, sizeof(u));
	return u;
}

static bool same_points(const struct tsz_point *a, const struct tsz_point *b, size_t n)
{
	for (size_t j = 0; j < n; j++)
		if (a[j].ts != b[j].ts || bits_of(a[j].v) != bits_of(b[j].v))
			return false;
	return true;
}

/* Encodes p[0..n) and decodes it; aborts unless the same points come back and tsz_peek
 * agrees. A refusal is only allowed for times that do not increase. */
static void round_trip(const struct tsz_point *p, size_t n)
{
	struct buf b;
	struct gp_err err;
	struct tsz_point *q = NULL;
	size_t m = 0, pn = 0;
	int64_t first = 0, last = 0;
	int rc;

	buf_init(&b, 0);
	rc = tsz_encode(p, n, &b, &err);
	if (rc != GP_OK) {
		bool increasing = true;

		for (size_t j = 1; j < n; j++)
			if (p[j].ts <= p[j - 1].ts)
				increasing = false;
		if (rc != GP_EINPUT || increasing || b.len != 0)
			abort();
		buf_release(&b);
		return;
	}
	if (tsz_decode((const unsigned char *)b.data, b.len, &q, &m, &err) != GP_OK)
		abort();
	if (m != n || !same_points(p, q, n))
		abort();
	if (tsz_peek((const unsigned char *)b.data, b.len, &pn, &first, &last, &err) != GP_OK ||
	    pn != n || (n > 0 && (first != p[0].ts || last != p[n - 1].ts)))
		abort();
	free(q);
	buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const double pow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
	struct tsz_point *p = NULL;
	size_t n = 0, pn = 0;
	int64_t first = 0, last = 0;
	struct gp_err err;

	/* the input as a chunk */
	if (tsz_decode(data, size, &p, &n, &err) == GP_OK) {
		if (n > TSZ_MAX_POINTS)
			abort();
		if (tsz_peek(data, size, &pn, &first, &last, &err) != GP_OK || pn != n ||
		    (n > 0 && (first != p[0].ts || last != p[n - 1].ts)))
			abort();
		round_trip(p, n);
		free(p);
	} else if (err.status != GP_EINPUT || p != NULL || n != 0) {
		abort();
	}

	/* the input as points */
	n = size / RECORD_BYTES;
	if (n > TSZ_MAX_POINTS)
		n = TSZ_MAX_POINTS;
	p = xmalloc((n ? n : 1) * sizeof(*p));
	for (size_t j = 0; j < n; j++) {
		uint64_t ts = load_u64(data + RECORD_BYTES * j),
			 v = load_u64(data + RECORD_BYTES * j + 8);

		p[j].ts = (int64_t)ts;
		memcpy(&p[j].v, &v, sizeof(v));
	}
	round_trip(p, n); /* raw: often refused for its times */
	for (size_t j = 1; j < n; j++) {
		uint64_t step = 1 + ((uint64_t)p[j].ts >> ((uint64_t)p[j].ts & 63));
		uint64_t ts = (uint64_t)p[j - 1].ts + step;

		if ((int64_t)ts <= p[j - 1].ts) { /* past INT64_MAX */
			n = j;
			break;
		}
		p[j].ts = (int64_t)ts;
	}
	round_trip(p, n); /* increasing times, raw values */
	for (size_t j = 0; j < n; j++) {
		uint64_t v = bits_of(p[j].v);

		p[j].v = (double)(int32_t)(uint32_t)v / pow10[(v >> 32) % 7];
	}
	round_trip(p, n); /* increasing times, decimal values */
	free(p);
	return 0;
}
