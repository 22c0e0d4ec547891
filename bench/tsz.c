/* tsz.c — the chunk codec's speed: encode and decode rates of a day of 15-minute readings
 * for 2,000 meters (96 points each; half cumulative kWh counters with 2 decimals, half
 * interval kWh with 2 decimals), the median of 5 runs, against memcpy of the same raw
 * 16-byte points chunk by chunk as the baseline. Also the encoded size a point. Not part of
 * make test; see bench/README.md.
 *
 * usage: tsz [RUNS]     (default 5) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/tsz.h"
#include "util/rng.h"
#include "util/str.h"

#define METERS     2000
#define DAY_POINTS 96
#define QUARTER_S  900
#define DAY0       1700006400
#define MAX_RUNS   101

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void make_data(struct tsz_point *pts)
{
	struct rng r;

	rng_stream(&r, 6, 2000);
	for (int m = 0; m < METERS; m++) {
		struct tsz_point *p = pts + (size_t)m * DAY_POINTS;
		int64_t cents = 100000 + (int64_t)rng_below(&r, 100000000);

		for (int j = 0; j < DAY_POINTS; j++) {
			p[j].ts = DAY0 + (int64_t)j * QUARTER_S;
			if (m % 2 == 0) {
				cents += 100 + (int64_t)rng_below(&r, 101);
				p[j].v = (double)cents / 100;
			} else {
				p[j].v = (double)(int64_t)(150 * rng_noise(&r, 0.3)) / 100;
			}
		}
	}
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 5;
	size_t npts = (size_t)METERS * DAY_POINTS;
	struct tsz_point *pts = xmalloc(npts * sizeof(*pts));
	struct tsz_point *copy = xmalloc(npts * sizeof(*pts));
	size_t *off = xmalloc((METERS + 1) * sizeof(*off));
	double enc_s[MAX_RUNS], dec_s[MAX_RUNS], cpy_s[MAX_RUNS], enc, dec, cpy;
	volatile unsigned sink = 0;
	struct gp_err err;
	struct buf b;

	if (runs < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "usage: %s [RUNS 1-%d]\n", argv[0], MAX_RUNS);
		return 2;
	}
	make_data(pts);
	buf_init(&b, 0);
	for (int run = 0; run < runs; run++) {
		double t0;

		/* the baseline: each meter's raw points copied to their own place */
		t0 = now_s();
		for (int m = 0; m < METERS; m++)
			memcpy(copy + (size_t)m * DAY_POINTS, pts + (size_t)m * DAY_POINTS,
			       DAY_POINTS * sizeof(*pts));
		cpy_s[run] = now_s() - t0;
		sink += (unsigned)copy[(size_t)run % npts].ts;

		buf_reset(&b);
		t0 = now_s();
		for (int m = 0; m < METERS; m++) {
			off[m] = b.len;
			if (tsz_encode(pts + (size_t)m * DAY_POINTS, DAY_POINTS, &b, &err) !=
			    GP_OK) {
				fprintf(stderr, "encode: %s\n", err.msg);
				return 1;
			}
		}
		off[METERS] = b.len;
		enc_s[run] = now_s() - t0;

		t0 = now_s();
		for (int m = 0; m < METERS; m++) {
			struct tsz_point *q;
			size_t n;

			if (tsz_decode((const unsigned char *)b.data + off[m], off[m + 1] - off[m],
				       &q, &n, &err) != GP_OK) {
				fprintf(stderr, "decode: %s\n", err.msg);
				return 1;
			}
			sink += (unsigned)q[n - 1].ts;
			free(q);
		}
		dec_s[run] = now_s() - t0;
	}
	/* the last run's chunks must give back exactly the points */
	for (int m = 0; m < METERS; m++) {
		struct tsz_point *q;
		size_t n;

		if (tsz_decode((const unsigned char *)b.data + off[m], off[m + 1] - off[m], &q, &n,
			       &err) != GP_OK ||
		    n != DAY_POINTS || memcmp(q, pts + (size_t)m * DAY_POINTS, n * sizeof(*q))) {
			fprintf(stderr, "meter %d does not round-trip\n", m);
			return 1;
		}
		free(q);
	}
	enc = median(enc_s, runs);
	dec = median(dec_s, runs);
	cpy = median(cpy_s, runs);
	printf("tsz: %d meters x %d points = %zu points, median of %d runs\n", METERS, DAY_POINTS,
	       npts, runs);
	printf("  size    %zu bytes, %.3f bytes/point (raw 16)\n", b.len,
	       (double)b.len / (double)npts);
	printf("  encode  %.4f s  %12.0f points/s  %7.1f x memcpy\n", enc, (double)npts / enc,
	       enc / cpy);
	printf("  decode  %.4f s  %12.0f points/s  %7.1f x memcpy\n", dec, (double)npts / dec,
	       dec / cpy);
	printf("  memcpy  %.6f s  %12.0f points/s\n", cpy, (double)npts / cpy);
	buf_release(&b);
	free(pts);
	free(copy);
	free(off);
	return sink == 0xdeadbeef ? 3 : 0;
}
