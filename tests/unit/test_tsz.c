/* test_tsz.c — the chunk codec: bit-exact round trips of meter-like and adversarial data,
 * refusals, every truncation and byte flip of valid chunks, the size targets of a day of
 * 15-minute readings, tsz_peek against tsz_decode, and two chunks written out byte by byte
 * from the format described at the top of src/core/tsz.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <float.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/tsz.h"
#include "util/rng.h"
#include "util/str.h"

#include "near.h"

#define DAY_POINTS  96         /* a day of 15-minute readings */
#define QUARTER_S   900        /* 15 minutes */
#define DAY0        1700006400 /* 2023-11-15 00:00 UTC, a multiple of 900 */
#define BYTES_LIMIT 2.0        /* the target per point, header included */

static uint64_t bits_of(double v)
{
	uint64_t u;

	memcpy(&u, &v, sizeof(u));
	return u;
}

static double from_bits(uint64_t u)
{
	double v;

	memcpy(&v, &u, sizeof(v));
	return v;
}

/* Points equal time for time and bit for bit (NaN payloads, -0.0). */
static void assert_points_equal(const struct tsz_point *a, const struct tsz_point *b, size_t n)
{
	for (size_t j = 0; j < n; j++) {
		if (a[j].ts != b[j].ts)
			fail_msg("point %zu: time %" PRId64 ", expected %" PRId64, j, a[j].ts,
				 b[j].ts);
		if (bits_of(a[j].v) != bits_of(b[j].v))
			fail_msg("point %zu: value bits %016" PRIx64 ", expected %016" PRIx64, j,
				 bits_of(a[j].v), bits_of(b[j].v));
	}
}

/* Encodes, decodes and peeks p[0..n); everything must agree. Returns the chunk's size. */
static size_t round_trip(const struct tsz_point *p, size_t n)
{
	struct buf b;
	struct gp_err err;
	struct tsz_point *q = NULL;
	size_t m = 0, pn = 0, len;
	int64_t first = -1, last = -1;

	buf_init(&b, 0);
	gp_err_clear(&err);
	if (tsz_encode(p, n, &b, &err) != GP_OK)
		fail_msg("encode: %s", err.msg);
	assert_true(b.len >= 2);
	assert_int_equal((unsigned char)b.data[0], TSZ_VERSION);
	if (tsz_decode((const unsigned char *)b.data, b.len, &q, &m, &err) != GP_OK)
		fail_msg("decode: %s", err.msg);
	assert_int_equal(m, n);
	assert_non_null(q);
	assert_points_equal(q, p, n);
	assert_int_equal(tsz_peek((const unsigned char *)b.data, b.len, &pn, &first, &last, &err),
			 GP_OK);
	assert_int_equal(pn, n);
	assert_true(first == (n ? p[0].ts : 0));
	assert_true(last == (n ? p[n - 1].ts : 0));
	free(q);
	len = b.len;
	buf_release(&b);
	return len;
}

static void regular_times(struct tsz_point *p, size_t n, int64_t t0)
{
	for (size_t j = 0; j < n; j++)
		p[j].ts = t0 + (int64_t)j * QUARTER_S;
}

/* A cumulative kWh counter read every 15 minutes: `decimals` decimals, rising by
 * lo..hi kWh a quarter hour (uniform), values parsed the way a CSV reader does. */
static void counter_day(struct tsz_point *p, size_t n, struct rng *r, int decimals, double lo,
			double hi)
{
	double scale = decimals == 1 ? 10 : decimals == 2 ? 100 : 1000;
	int64_t units = 1000000 + (int64_t)rng_below(r, 50000000);

	regular_times(p, n, DAY0);
	for (size_t j = 0; j < n; j++) {
		char text[64];

		units += (int64_t)(rng_range(r, lo, hi) * scale);
		snprintf(text, sizeof(text), "%.*f", decimals, (double)units / scale);
		p[j].v = strtod(text, NULL);
	}
}

/* Interval quantities (kWh in each quarter hour): a daily shape plus noise, rounded to
 * `decimals` decimals through text. */
static void interval_day(struct tsz_point *p, size_t n, struct rng *r, int decimals,
			 double base_kwh)
{
	regular_times(p, n, DAY0);
	for (size_t j = 0; j < n; j++) {
		char text[64];
		double hour = (double)j / 4.0;
		double shape =
		    hour >= 7 && hour < 19 ? 1.0 + 0.6 * (1.0 - fabs(hour - 13) / 6) : 0.45;

		snprintf(text, sizeof(text), "%.*f", decimals,
			 base_kwh * shape * rng_noise(r, 0.15));
		p[j].v = strtod(text, NULL);
	}
}

/* ---- round trips ------------------------------------------------------------------- */

static void counters_meet_size_target(void **state)
{
	struct tsz_point p[DAY_POINTS];
	struct rng r;
	size_t worst2 = 0, worst1 = 0, worst3 = 0, total2 = 0, chunks = 200;

	(void)state;
	rng_stream(&r, 6, 1);
	for (size_t c = 0; c < chunks; c++) {
		size_t len;

		/* 1-2 kWh a quarter hour with 2 decimals: 100-200 hundredths a step */
		counter_day(p, DAY_POINTS, &r, 2, 1.0, 2.0);
		len = round_trip(p, DAY_POINTS);
		total2 += len;
		if (len > worst2)
			worst2 = len;
		counter_day(p, DAY_POINTS, &r, 1, 20.0, 40.0);
		len = round_trip(p, DAY_POINTS);
		if (len > worst1)
			worst1 = len;
		counter_day(p, DAY_POINTS, &r, 3, 0.1, 0.3);
		len = round_trip(p, DAY_POINTS);
		if (len > worst3)
			worst3 = len;
	}
	print_message("counter, 2 decimals: mean %.3f, worst %.3f bytes/point; 1 decimal worst "
		      "%.3f; 3 decimals worst %.3f\n",
		      (double)total2 / (double)(chunks * DAY_POINTS), (double)worst2 / DAY_POINTS,
		      (double)worst1 / DAY_POINTS, (double)worst3 / DAY_POINTS);
	assert_true((double)worst2 / DAY_POINTS <= BYTES_LIMIT);
	assert_true((double)worst1 / DAY_POINTS <= BYTES_LIMIT);
	assert_true((double)worst3 / DAY_POINTS <= BYTES_LIMIT);
	/* the issue: a steadily rising counter costs about a byte a point or less */
	assert_true((double)worst2 / DAY_POINTS <= 1.25);
}

static void steady_counter_costs_almost_nothing(void **state)
{
	struct tsz_point p[DAY_POINTS];
	size_t len;

	(void)state;
	regular_times(p, DAY_POINTS, DAY0);
	for (size_t j = 0; j < DAY_POINTS; j++)
		p[j].v = (double)(123456789 + 125 * (int64_t)j) / 100; /* +1.25 kWh a step */
	len = round_trip(p, DAY_POINTS);
	print_message("constant-rate counter: %zu bytes for %d points\n", len, DAY_POINTS);
	assert_true(len <= 25); /* 10 header, 5 times, 10 values: no bits a point */
}

static void intervals_meet_size_target(void **state)
{
	struct tsz_point p[DAY_POINTS];
	struct rng r;
	size_t worst1 = 0, worst2 = 0, total2 = 0, chunks = 200;

	(void)state;
	rng_stream(&r, 6, 2);
	for (size_t c = 0; c < chunks; c++) {
		size_t len;

		interval_day(p, DAY_POINTS, &r, 2, 1.5);
		len = round_trip(p, DAY_POINTS);
		total2 += len;
		if (len > worst2)
			worst2 = len;
		interval_day(p, DAY_POINTS, &r, 1, 40.0);
		len = round_trip(p, DAY_POINTS);
		if (len > worst1)
			worst1 = len;
	}
	print_message("interval, 2 decimals: mean %.3f, worst %.3f bytes/point; 1 decimal worst "
		      "%.3f\n",
		      (double)total2 / (double)(chunks * DAY_POINTS), (double)worst2 / DAY_POINTS,
		      (double)worst1 / DAY_POINTS);
	assert_true((double)worst2 / DAY_POINTS <= BYTES_LIMIT);
	assert_true((double)worst1 / DAY_POINTS <= BYTES_LIMIT);
}

/* Regular times cost no bits a point: a flat day is header and a few bytes. */
static void regular_times_cost_nothing(void **state)
{
	struct tsz_point p[DAY_POINTS];
	size_t len;

	(void)state;
	regular_times(p, DAY_POINTS, DAY0);
	for (size_t j = 0; j < DAY_POINTS; j++)
		p[j].v = 0.0;
	len = round_trip(p, DAY_POINTS);
	assert_true(len <= 20);
	/* one reading off by a second costs a flag bit a point, not a rebuilt chunk */
	p[40].ts += 1;
	assert_true(round_trip(p, DAY_POINTS) <= 20 + DAY_POINTS / 8 + 4);
}

static uint64_t random_bits(struct rng *r)
{
	/* Mostly raw bits (any double, NaNs included), sometimes special values. */
	static const uint64_t special[] = {
	    0x0000000000000000ULL, 0x8000000000000000ULL, 0x7ff0000000000000ULL,
	    0xfff0000000000000ULL, 0x7ff8000000000000ULL, 0x7ff0000000000001ULL,
	    0xfff8000000000123ULL, 0x0000000000000001ULL, 0x000fffffffffffffULL,
	    0x7fefffffffffffffULL, 0xffefffffffffffffULL, 0x0010000000000000ULL,
	};
	if (rng_below(r, 8) == 0)
		return special[rng_below(r, sizeof(special) / sizeof(special[0]))];
	return rng_next(r);
}

/* Thousands of seeded chunks mixing every kind of time step and value. */
static void random_chunks(void **state)
{
	struct rng r;
	struct tsz_point *p = xmalloc(600 * sizeof(*p));

	(void)state;
	rng_stream(&r, 6, 3);
	for (int c = 0; c < 4000; c++) {
		size_t n = 1 + rng_below(&r, c % 10 == 0 ? 600 : 64);
		int tmode = (int)rng_below(&r, 4), vmode = (int)rng_below(&r, 5);
		uint64_t ts = rng_next(&r) >> (rng_below(&r, 40) + 1);
		int64_t dec = (int64_t)rng_below(&r, 1000000) - 500000;
		int k = (int)rng_below(&r, 8);

		if (rng_below(&r, 2))
			ts = 0 - ts; /* negative times */
		for (size_t j = 0; j < n; j++) {
			uint64_t step;

			if (tmode == 0)
				step = QUARTER_S;
			else if (tmode == 1)
				step = QUARTER_S + rng_below(&r, 3) - 1;
			else if (tmode == 2)
				step = 1 + rng_below(&r, 100000);
			else
				step = 1 + (rng_next(&r) >> (20 + rng_below(&r, 40)));
			if (j > 0)
				ts += step;
			p[j].ts = (int64_t)ts;
			if (j > 0 && p[j].ts <= p[j - 1].ts) { /* wrapped past INT64_MAX */
				n = j;
				break;
			}
			if (vmode == 0) {
				p[j].v = from_bits(random_bits(&r));
			} else if (vmode == 1) {
				p[j].v = rng_range(&r, -1e6, 1e6);
			} else if (vmode == 2) {
				dec += (int64_t)rng_below(&r, 200);
				p[j].v = (double)dec / (k == 7 ? 1e7 : (double)(int64_t)pow(10, k));
			} else if (vmode == 3) {
				p[j].v = j > 0 && rng_below(&r, 3) ? p[j - 1].v
								   : from_bits(random_bits(&r));
			} else {
				p[j].v = (double)((int64_t)rng_below(&r, 2001) - 1000) / 100;
			}
		}
		(void)round_trip(p, n);
	}
	free(p);
}

static void adversarial_values(void **state)
{
	static const uint64_t bits[] = {
	    0x7ff8000000000000ULL, /* quiet NaN */
	    0x7ff8000000000001ULL, /* quiet NaN, payload 1 */
	    0x7ff0000000000001ULL, /* signalling NaN */
	    0xfff8000000000000ULL, /* negative NaN */
	    0x7fffffffffffffffULL, /* NaN, every payload bit */
	    0xfff0000deadbeef1ULL, /* negative signalling NaN */
	    0x7ff0000000000000ULL, /* +Inf */
	    0xfff0000000000000ULL, /* -Inf */
	    0x8000000000000000ULL, /* -0.0 */
	    0x0000000000000000ULL, /* +0.0 */
	    0x0000000000000001ULL, /* smallest denormal */
	    0x800fffffffffffffULL, /* largest negative denormal */
	    0x0010000000000000ULL, /* DBL_MIN */
	    0x7fefffffffffffffULL, /* DBL_MAX */
	    0xffefffffffffffffULL, /* -DBL_MAX */
	};
	size_t nb = sizeof(bits) / sizeof(bits[0]);
	struct tsz_point p[64];
	struct rng r;

	(void)state;
	rng_stream(&r, 6, 7);
	/* each alone, each repeated, all in order and reversed */
	for (size_t i = 0; i < nb; i++) {
		p[0].ts = 0;
		p[0].v = from_bits(bits[i]);
		(void)round_trip(p, 1);
		for (size_t j = 0; j < 5; j++) {
			p[j].ts = (int64_t)j * QUARTER_S;
			p[j].v = from_bits(bits[i]);
		}
		(void)round_trip(p, 5);
	}
	for (size_t j = 0; j < nb; j++) {
		p[j].ts = (int64_t)j;
		p[j].v = from_bits(bits[j]);
		p[nb + j].ts = (int64_t)(nb + j);
		p[nb + j].v = from_bits(bits[nb - 1 - j]);
	}
	(void)round_trip(p, 2 * nb);
	/* alternating signs, of decimals and of extremes */
	for (size_t j = 0; j < 64; j++) {
		p[j].ts = (int64_t)j * QUARTER_S;
		p[j].v = (j % 2 ? -1.0 : 1.0) * (double)(j + 1) / 100;
	}
	(void)round_trip(p, 64);
	for (size_t j = 0; j < 64; j++)
		p[j].v = j % 2 ? -DBL_MAX : DBL_MAX;
	(void)round_trip(p, 64);
	for (size_t j = 0; j < 64; j++)
		p[j].v = j % 2 ? -0.0 : 0.0;
	(void)round_trip(p, 64);
	/* values that differ only in their lowest bits (XOR words with more than 31 leading
	 * zeros, windows reused and reopened), then in their sign and exponent only */
	for (size_t j = 0; j < 64; j++)
		p[j].v =
		    from_bits(0x40934a3d70a3d70aULL ^ (rng_next(&r) & ((2ULL << (j % 24)) - 1)));
	assert_true(round_trip(p, 64) < 64 * 5);
	for (size_t j = 0; j < 64; j++)
		p[j].v = from_bits(0x0000000000000001ULL ^ (rng_next(&r) & 0xfff0000000000000ULL));
	(void)round_trip(p, 64);
	/* a day of decimal readings with one NaN, one -0.0, one infinity in it */
	for (size_t j = 0; j < 64; j++)
		p[j].v = (double)(100000 + (int64_t)j * 150) / 100;
	p[10].v = from_bits(0x7ff8000000000abcULL);
	(void)round_trip(p, 64);
	p[10].v = -0.0;
	(void)round_trip(p, 64);
	p[10].v = -INFINITY;
	(void)round_trip(p, 64);
}

/* Values at the edges of decimal mode: they must come back bit for bit whichever mode the
 * encoder picks. */
static void decimal_edges(void **state)
{
	static const double vals[] = {
	    0.1,
	    0.2,
	    0.1 + 0.2, /* 0.30000000000000004: not 3/10 */
	    0.3,
	    9007199254740991.0,  /* 2^53 - 1 */
	    -9007199254740991.0, /* -(2^53 - 1) */
	    9007199254740992.0,  /* 2^53: outside decimal mode */
	    1e300,
	    123456.789012, /* 6 decimals */
	    1.2345678,     /* 7 decimals */
	    1e-6,
	    -1e-6,
	    5e-324,
	    4503599627.370495, /* (2^52 - 1) / 10^6 */
	};
	size_t nv = sizeof(vals) / sizeof(vals[0]);
	struct tsz_point p[16];

	(void)state;
	for (size_t i = 0; i < nv; i++) {
		for (size_t j = 0; j < 3; j++) {
			p[j].ts = (int64_t)j;
			p[j].v = vals[(i + j) % nv];
		}
		(void)round_trip(p, 1);
		(void)round_trip(p, 3);
	}
	for (size_t j = 0; j < nv; j++) {
		p[j].ts = (int64_t)j;
		p[j].v = vals[j];
	}
	(void)round_trip(p, nv);
}

static void times(void **state)
{
	struct tsz_point p[8];
	struct tsz_point *big = xmalloc(TSZ_MAX_POINTS * sizeof(*big));
	struct rng r;
	size_t len;

	(void)state;
	/* no points, one point, two points */
	assert_true(round_trip(NULL, 0) == 2);
	p[0].ts = DAY0;
	p[0].v = 1.5;
	(void)round_trip(p, 1);
	p[1].ts = DAY0 + QUARTER_S;
	p[1].v = 2.5;
	(void)round_trip(p, 2);
	/* huge gaps: 0 -> 4e9 s (127 years), negative times, the whole int64 range */
	p[0].ts = 0;
	p[1].ts = 4000000000LL;
	p[2].ts = 4000000001LL;
	p[3].ts = 8000000000LL;
	(void)round_trip(p, 4);
	p[0].ts = -4000000000LL;
	p[1].ts = -1;
	p[2].ts = 0;
	p[3].ts = 1;
	(void)round_trip(p, 4);
	p[0].ts = INT64_MIN;
	p[1].ts = INT64_MIN + 1;
	p[2].ts = 0;
	p[3].ts = INT64_MAX;
	(void)round_trip(p, 4);
	p[0].ts = INT64_MIN;
	p[1].ts = INT64_MAX;
	(void)round_trip(p, 2);
	p[0].ts = INT64_MAX;
	(void)round_trip(p, 1);
	p[0].ts = INT64_MIN;
	(void)round_trip(p, 1);

	/* gaps varying by +-1 s, then the maximum number of points */
	rng_stream(&r, 6, 4);
	big[0].ts = DAY0;
	big[0].v = 0;
	for (size_t j = 1; j < DAY_POINTS; j++) {
		big[j].ts = big[j - 1].ts + QUARTER_S + (int64_t)rng_below(&r, 3) - 1;
		big[j].v = big[j - 1].v + 0.25;
	}
	len = round_trip(big, DAY_POINTS);
	assert_true(len <= 2 * DAY_POINTS);
	for (size_t j = 0; j < TSZ_MAX_POINTS; j++) {
		big[j].ts = DAY0 + (int64_t)j * QUARTER_S;
		big[j].v = (double)(int64_t)(j * 7) / 100;
	}
	len = round_trip(big, TSZ_MAX_POINTS);
	print_message("%d regular points of a steady counter: %zu bytes\n", TSZ_MAX_POINTS, len);
	for (size_t j = 0; j < TSZ_MAX_POINTS; j++) {
		big[j].ts = (j ? big[j - 1].ts : INT64_MIN) + 1 +
			    (int64_t)(rng_next(&r) >> (rng_below(&r, 2) ? 18 : 60));
		big[j].v = from_bits(rng_next(&r));
	}
	(void)round_trip(big, TSZ_MAX_POINTS);
	free(big);
}

/* ---- refusals ---------------------------------------------------------------------- */

static void refusals(void **state)
{
	struct tsz_point p[3] = {{100, 1.0}, {200, 2.0}, {300, 3.0}};
	struct tsz_point *big = xcalloc(TSZ_MAX_POINTS + 1, sizeof(*big));
	struct gp_err err;
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_adds(&b, "kept"), GP_OK);

	p[2].ts = 200; /* equal */
	assert_int_equal(tsz_encode(p, 3, &b, &err), GP_EINPUT);
	assert_int_equal(err.status, GP_EINPUT);
	assert_string_equal(err.msg,
			    "point 2 has time 200, not after point 1's 200 (times must strictly "
			    "increase)");
	assert_int_equal(b.len, 4);
	p[2].ts = 150; /* decreasing */
	assert_int_equal(tsz_encode(p, 3, &b, &err), GP_EINPUT);
	assert_int_equal(b.len, 4);
	p[0].ts = 200; /* first two equal */
	assert_int_equal(tsz_encode(p, 2, &b, &err), GP_EINPUT);
	assert_int_equal(b.len, 4);

	for (size_t j = 0; j <= TSZ_MAX_POINTS; j++)
		big[j].ts = (int64_t)j;
	assert_int_equal(tsz_encode(big, TSZ_MAX_POINTS + 1, &b, &err), GP_EINPUT);
	assert_string_equal(err.msg, "chunk of 100001 points (at most 100000)");
	assert_int_equal(b.len, 4);
	assert_string_equal(b.data, "kept");
	buf_release(&b);

	/* the buffer's cap: nothing appended, GP_ETOOBIG */
	buf_init(&b, 12);
	assert_int_equal(buf_adds(&b, "kept"), GP_OK);
	assert_int_equal(tsz_encode(big, 1000, &b, &err), GP_ETOOBIG);
	assert_int_equal(b.len, 4);
	assert_contains(err.msg, "past the buffer's cap");
	/* a chunk that fits exactly is appended after what was there */
	p[0].ts = 0;
	p[0].v = 0.0;
	assert_int_equal(tsz_encode(p, 1, &b, &err), GP_OK);
	assert_int_equal(b.len, 4 + 8);
	buf_release(&b);
	free(big);
}

/* ---- the format, byte by byte ------------------------------------------------------ */

static void format_bytes(void **state)
{
	/* n = 1, ts = 0, v = 0.0: version, n, zigzag(0); decimal k = 0, a seq of one integer:
	 * order 0, ref 0, w1 = w2 = 0, no bits. */
	static const unsigned char one[] = {0x01, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00};
	/* (0, 1.5), (900, 2.5): span 900 = 0x84 0x07; the one delta as order 0 with ref 900
	 * (zigzag 1800 = 0x88 0x0e), no bits; values decimal k = 1 (mode 2): integers 15, 25
	 * as order 0, ref 15 (zigzag 30 = 0x1e), w1 = 0, w2 = 5; bits '0' (15: z = 0 in 0 bits)
	 * '1' '10100' (25: z = zigzag(10) = 20 in 5 bits), padded: 0110 1000 = 0x68. */
	static const unsigned char two[] = {0x01, 0x02, 0x00, 0x84, 0x07, 0x00, 0x88, 0x0e,
					    0x00, 0x00, 0x02, 0x00, 0x1e, 0x00, 0x05, 0x68};
	struct tsz_point p[2] = {{0, 0.0}, {900, 2.5}};
	struct buf b;
	struct gp_err err;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(tsz_encode(p, 1, &b, &err), GP_OK);
	assert_int_equal(b.len, sizeof(one));
	assert_memory_equal(b.data, one, sizeof(one));
	buf_reset(&b);
	p[0].v = 1.5;
	assert_int_equal(tsz_encode(p, 2, &b, &err), GP_OK);
	assert_int_equal(b.len, sizeof(two));
	assert_memory_equal(b.data, two, sizeof(two));
	buf_release(&b);
}

/* ---- corruption -------------------------------------------------------------------- */

/* A successful decode of damaged bytes must still be a chunk the encoder takes back
 * unchanged. */
static size_t damaged_decodes, damaged_accepted;

static void check_decodes_sanely(const unsigned char *data, size_t len)
{
	struct tsz_point *q = NULL;
	size_t m = 99;
	struct gp_err err;
	int rc;

	gp_err_clear(&err);
	rc = tsz_decode(data, len, &q, &m, &err);
	damaged_decodes++;
	if (rc != GP_OK) {
		assert_int_equal(rc, GP_EINPUT);
		assert_true(err.msg[0] != '\0');
		assert_null(q);
		assert_int_equal(m, 0);
		return;
	}
	damaged_accepted++;
	assert_true(m <= TSZ_MAX_POINTS);
	(void)round_trip(q, m);
	free(q);
}

static void damage(const struct tsz_point *p, size_t n, bool every_mask)
{
	struct buf b;
	struct gp_err err;
	unsigned char *copy;

	buf_init(&b, 0);
	if (tsz_encode(p, n, &b, &err) != GP_OK)
		fail_msg("encode: %s", err.msg);
	/* every truncation: exactly the prefix, in its own allocation so ASan sees over-reads */
	for (size_t len = 0; len < b.len; len++) {
		struct tsz_point *q = NULL;
		size_t m = 99;

		copy = xmalloc(len);
		memcpy(copy, b.data, len);
		assert_int_equal(tsz_decode(copy, len, &q, &m, &err), GP_EINPUT);
		assert_null(q);
		free(copy);
	}
	copy = xmalloc(b.len);
	/* every single-byte flip; then one byte too many */
	for (size_t i = 0; i < b.len; i++)
		for (unsigned mask = 1; mask < 256; mask++) {
			if (!every_mask && mask != 0x01 && mask != 0x80 && mask != 0xff &&
			    mask != 0x10 && mask != 0x7f)
				continue;
			memcpy(copy, b.data, b.len);
			copy[i] ^= (unsigned char)mask;
			check_decodes_sanely(copy, b.len);
		}
	free(copy);
	copy = xmalloc(b.len + 1);
	memcpy(copy, b.data, b.len);
	copy[b.len] = 0;
	{
		struct tsz_point *q = NULL;
		size_t m = 0;

		assert_int_equal(tsz_decode(copy, b.len + 1, &q, &m, &err), GP_EINPUT);
		assert_contains(err.msg, "bytes were given");
	}
	free(copy);
	buf_release(&b);
}

static void corruption(void **state)
{
	struct tsz_point p[DAY_POINTS];
	struct rng r;

	(void)state;
	rng_stream(&r, 6, 5);
	damage(NULL, 0, true);
	p[0].ts = DAY0;
	p[0].v = 12.5;
	damage(p, 1, true);
	p[0].v = from_bits(0x7ff8000000000001ULL);
	damage(p, 1, true);
	counter_day(p, DAY_POINTS, &r, 2, 1.0, 2.0); /* decimal mode */
	damage(p, DAY_POINTS, true);
	interval_day(p, DAY_POINTS, &r, 1, 40.0);
	p[3].ts += 1;
	damage(p, DAY_POINTS, true);
	for (size_t j = 0; j < 40; j++) { /* XOR mode, irregular times */
		p[j].ts =
		    (j ? p[j - 1].ts : -5) + 1 + (int64_t)rng_below(&r, (size_t)1 << (j % 40));
		p[j].v = from_bits(random_bits(&r));
	}
	damage(p, 40, true);
	regular_times(p, DAY_POINTS, DAY0);
	for (size_t j = 0; j < DAY_POINTS; j++)
		p[j].v = rng_range(&r, 0, 100);
	damage(p, DAY_POINTS, false);
	print_message("%zu damaged chunks decoded: %zu refused, %zu accepted and re-encoded\n",
		      damaged_decodes, damaged_decodes - damaged_accepted, damaged_accepted);
}

static void header_limits(void **state)
{
	/* version 1, n = 100001 (varint a1 8d 06) */
	static const unsigned char too_many[] = {0x01, 0xa1, 0x8d, 0x06, 0x00, 0x00};
	/* n = 2^64 - 1 */
	static const unsigned char huge[] = {0x01, 0xff, 0xff, 0xff, 0xff, 0xff,
					     0xff, 0xff, 0xff, 0xff, 0x01};
	/* an 11-byte varint */
	static const unsigned char overlong[] = {0x01, 0xff, 0xff, 0xff, 0xff, 0xff,
						 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
	static const unsigned char version2[] = {0x02, 0x00};
	/* two points whose span is 0 */
	static const unsigned char no_span[] = {0x01, 0x02, 0x00, 0x00};
	/* two points, span 1, but the delta says 2 */
	static const unsigned char bad_end[] = {0x01, 0x02, 0x00, 0x01, 0x00, 0x04, 0x00,
						0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
	struct tsz_point *q = NULL;
	size_t n = 7;
	int64_t first = 1, last = 1;
	struct gp_err err;

	(void)state;
	assert_int_equal(tsz_decode(too_many, sizeof(too_many), &q, &n, &err), GP_EINPUT);
	assert_string_equal(err.msg, "chunk claims 100001 points (at most 100000)");
	assert_null(q);
	assert_int_equal(n, 0);
	assert_int_equal(tsz_peek(too_many, sizeof(too_many), &n, &first, &last, &err), GP_EINPUT);
	assert_int_equal(tsz_decode(huge, sizeof(huge), &q, &n, &err), GP_EINPUT);
	assert_contains(err.msg, "18446744073709551615 points");
	assert_int_equal(tsz_decode(overlong, sizeof(overlong), &q, &n, &err), GP_EINPUT);
	assert_contains(err.msg, "overlong");
	assert_int_equal(tsz_decode(version2, sizeof(version2), &q, &n, &err), GP_EINPUT);
	assert_string_equal(err.msg, "chunk has version 2 (this build reads 1)");
	assert_int_equal(tsz_peek(version2, sizeof(version2), &n, NULL, NULL, &err), GP_EINPUT);
	assert_int_equal(tsz_decode(version2, 0, &q, &n, &err), GP_EINPUT);
	assert_string_equal(err.msg, "chunk is empty (expected version 1)");
	assert_int_equal(tsz_decode(no_span, sizeof(no_span), &q, &n, &err), GP_EINPUT);
	assert_contains(err.msg, "is not after its first");
	assert_int_equal(tsz_decode(bad_end, sizeof(bad_end), &q, &n, &err), GP_EINPUT);
	assert_string_equal(err.msg, "chunk's times end at 2 but its header says 1");
	assert_null(q);
}

static void peek_matches_decode(void **state)
{
	struct tsz_point p[DAY_POINTS];
	struct rng r;
	struct buf b;
	struct gp_err err;

	(void)state;
	rng_stream(&r, 6, 6);
	buf_init(&b, 0);
	for (int c = 0; c < 50; c++) {
		size_t n = 1 + rng_below(&r, DAY_POINTS), pn = 0, dn = 0;
		struct tsz_point *q = NULL;
		int64_t first, last;

		p[0].ts = (int64_t)rng_next(&r) >> 2;
		p[0].v = 0;
		for (size_t j = 1; j < n; j++) {
			p[j].ts = p[j - 1].ts + 1 + (int64_t)rng_below(&r, 86400);
			p[j].v = p[j - 1].v + 1;
		}
		buf_reset(&b);
		assert_int_equal(tsz_encode(p, n, &b, &err), GP_OK);
		assert_int_equal(
		    tsz_peek((const unsigned char *)b.data, b.len, &pn, &first, &last, &err),
		    GP_OK);
		assert_int_equal(tsz_decode((const unsigned char *)b.data, b.len, &q, &dn, &err),
				 GP_OK);
		assert_int_equal(pn, dn);
		assert_true(first == q[0].ts);
		assert_true(last == q[dn - 1].ts);
		free(q);
	}
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(counters_meet_size_target),
	    cmocka_unit_test(steady_counter_costs_almost_nothing),
	    cmocka_unit_test(intervals_meet_size_target),
	    cmocka_unit_test(regular_times_cost_nothing),
	    cmocka_unit_test(random_chunks),
	    cmocka_unit_test(adversarial_values),
	    cmocka_unit_test(decimal_edges),
	    cmocka_unit_test(times),
	    cmocka_unit_test(refusals),
	    cmocka_unit_test(format_bytes),
	    cmocka_unit_test(corruption),
	    cmocka_unit_test(header_limits),
	    cmocka_unit_test(peek_matches_decode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
