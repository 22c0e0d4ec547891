/* gen_readings.c — writes the ingest benchmark's data set (bench/ingest.sh): a park's meters
 * read every 15 minutes, as InfluxDB line protocol in time order (every meter's reading of a
 * quarter hour, then the next quarter hour's), the order a live park sends them in.
 *
 * usage: gen_readings METERS DAYS OUTDIR
 *
 * Writes OUTDIR/readings.lp and OUTDIR/meters.csv (code,kind,enterprise: the registry the
 * benchmark adds to greenpark). Three meters in four are cumulative kWh counters
 * (measurement "counter"), one in four interval meters giving each quarter hour's kWh
 * ("interval"), both with 2 decimals. Each meter has its own size (0.5-50 kWh a quarter
 * hour, log-uniform) and follows an industrial profile: two shifts (08:00-24:00 at full
 * load, night at 35 %), Sundays at 40 %, ±8 % noise. Counters are kept in integer
 * hundredths, so a counter never drifts from the sum of its printed increments. Times
 * start at 2024-01-01T00:00:00+08:00. The output is a function of the arguments only
 * (util/rng.h with a fixed seed, C locale), so every run writes the same bytes. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/uscc.h"
#include "util/rng.h"

#define GEN_T0          1704038400LL /* 2024-01-01T00:00:00+08:00 */
#define GEN_UTC_OFFSET  28800
#define GEN_STEP_S      900
#define GEN_SEED        0x6E9A7C1DULL
#define GEN_ENTERPRISES 64
#define GEN_MAX_METERS  100000
#define GEN_MAX_DAYS    3660
#define GEN_STDIO_BUF   (1 << 22)

struct gen_meter {
	char code[24];
	int counter;      /* 1: cumulative counter; 0: interval quantity */
	double kwh_per_q; /* full-load kWh a quarter hour */
	long long cents;  /* a counter's reading in hundredths of a kWh */
	struct rng rng;
};

/* The share of full load at local time ts: two shifts, quiet nights and Sundays. */
static double load_share(long long ts)
{
	long long local = ts + GEN_UTC_OFFSET;
	int hour = (int)((local % 86400) / 3600);
	int weekday = (int)((local / 86400 + 4) % 7); /* 1970-01-01 was a Thursday: 0 Sunday */
	double share = hour >= 8 ? 1.0 : 0.35;
	return weekday == 0 ? share * 0.4 : share;
}

static int parse_count(const char *s, long max, long *out)
{
	char *end;
	errno = 0;
	*out = strtol(s, &end, 10);
	return errno == 0 && end != s && *end == '\0' && *out >= 1 && *out <= max;
}

int main(int argc, char **argv)
{
	static char buf[GEN_STDIO_BUF];
	struct gen_meter *m;
	char path[4096];
	long nmeters, days;
	FILE *lp, *reg;
	struct rng r;

	if (argc != 4 || !parse_count(argv[1], GEN_MAX_METERS, &nmeters) ||
	    !parse_count(argv[2], GEN_MAX_DAYS, &days)) {
		fprintf(stderr, "usage: gen_readings METERS(1-%d) DAYS(1-%d) OUTDIR\n",
			GEN_MAX_METERS, GEN_MAX_DAYS);
		return 2;
	}
	m = calloc((size_t)nmeters, sizeof(*m));
	if (!m) {
		fprintf(stderr, "gen_readings: out of memory\n");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/meters.csv", argv[3]);
	if (!(reg = fopen(path, "w"))) {
		fprintf(stderr, "gen_readings: %s: %s\n", path, strerror(errno));
		return 1;
	}
	rng_stream(&r, GEN_SEED, 0);
	fprintf(reg, "code,kind,enterprise\n");
	for (long k = 0; k < nmeters; k++) {
		char uscc[USCC_LEN + 1], check;
		long e = k % GEN_ENTERPRISES + 1;
		/* the same enterprises as gen_ledger's: 91370406MA + 7-digit index + check */
		snprintf(uscc, sizeof(uscc), "91370406MA%07ld", e);
		if (uscc_check_char(uscc, &check) != GP_OK) {
			fprintf(stderr, "gen_readings: no check character for %s\n", uscc);
			return 1;
		}
		uscc[USCC_LEN - 1] = check;
		uscc[USCC_LEN] = '\0';
		snprintf(m[k].code, sizeof(m[k].code), "E%05ld", k + 1);
		m[k].counter = (k + 1) % 4 != 0;
		/* log-uniform in [0.5, 50) kWh a quarter hour */
		m[k].kwh_per_q = 0.5 * exp2(rng_unit(&r) * 6.643856);
		m[k].cents = (long long)(rng_unit(&r) * 1e8); /* a counter that has run a while */
		rng_stream(&m[k].rng, GEN_SEED, (uint64_t)k + 1);
		fprintf(reg, "%s,%s,%s\n", m[k].code, m[k].counter ? "cumulative" : "interval",
			uscc);
	}
	if (fclose(reg) != 0) {
		fprintf(stderr, "gen_readings: %s: %s\n", path, strerror(errno));
		return 1;
	}
	snprintf(path, sizeof(path), "%s/readings.lp", argv[3]);
	if (!(lp = fopen(path, "w"))) {
		fprintf(stderr, "gen_readings: %s: %s\n", path, strerror(errno));
		return 1;
	}
	setvbuf(lp, buf, _IOFBF, sizeof(buf));
	for (long i = 0; i < days * 96; i++) {
		long long ts = GEN_T0 + (long long)i * GEN_STEP_S;
		double share = load_share(ts - 1); /* the quarter hour this reading closes */
		for (long k = 0; k < nmeters; k++) {
			long long q = (long long)(m[k].kwh_per_q * share *
						      rng_noise(&m[k].rng, 0.08) * 100.0 +
						  0.5);
			if (m[k].counter) {
				m[k].cents += q;
				fprintf(lp, "counter,meter=%s value=%lld.%02lld %lld000000000\n",
					m[k].code, m[k].cents / 100, m[k].cents % 100, ts);
			} else {
				fprintf(lp, "interval,meter=%s value=%lld.%02lld %lld000000000\n",
					m[k].code, q / 100, q % 100, ts);
			}
		}
	}
	if (fclose(lp) != 0) {
		fprintf(stderr, "gen_readings: %s: %s\n", path, strerror(errno));
		return 1;
	}
	free(m);
	return 0;
}
