/* gen_ledger.c — writes a synthetic park for the benchmark: an enterprise registry and
 * a monthly ledger of 20 items per enterprise and month, in the CSV formats that
 * 'greenpark import enterprises' and 'greenpark import activity' read.
 *
 * usage: gen_ledger N_ENTERPRISES YEAR_FROM YEAR_TO OUTDIR
 *
 * Output is a function of the arguments only (fixed-seed xorshift64, C locale
 * formatting), so two runs with the same arguments write the same bytes. It must never
 * write an invalid row: every USCC carries its GB 32100-2015 check character and every
 * quantity is positive and in its item's canonical unit, so that a rejected import is
 * greenpark's problem and not the generator's. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/uscc.h"

#define GEN_MAX_ENTERPRISES 9999999L /* 7 digits of the index in the USCC */
#define GEN_YEAR_MIN        1990
#define GEN_YEAR_MAX        2100
#define GEN_SEED            0x9E3779B97F4A7C15ull
#define GEN_STDIO_BUF       (1 << 20)

/* One ledger item: its code in data/items.csv, its canonical unit there, and the
 * range of one enterprise's monthly quantity in that unit, [lo, hi), lo > 0. */
struct gen_item {
	const char *code;
	const char *unit;
	double lo;
	double hi;
};

static const struct gen_item gen_items[20] = {
    {"electricity_grid", "kWh", 50000, 2000000},
    {"electricity_green_traded", "kWh", 1000, 300000},
    {"electricity_onsite_renewable", "kWh", 1000, 150000},
    {"natural_gas", "m3", 1000, 200000},
    {"raw_coal", "t", 1, 500},
    {"diesel", "t", 0.1, 20},
    {"lpg", "t", 0.1, 10},
    {"heat_purchased", "GJ", 10, 5000},
    {"heat_export", "GJ", 1, 500},
    {"process_co2", "tCO2", 1, 1000},
    {"water_withdrawal", "m3", 100, 50000},
    {"water_reused", "m3", 100, 100000},
    {"solid_waste_generated", "t", 1, 500},
    {"solid_waste_utilized", "t", 0.5, 400},
    {"output_value", "万元", 100, 20000},
    {"value_added", "万元", 20, 5000},
    {"revenue", "万元", 100, 25000},
    {"tax_paid", "万元", 1, 1000},
    {"cod", "t", 0.01, 5},
    {"so2", "t", 0.01, 3},
};

static const char *const gen_subparks[4] = {"空港产业园", "高端智能制造产业园",
					    "豆谷融合创新示范园", "新材料产业园"};

/* GB/T 4754-2017 codes paired with the leading industry they belong to. */
static const struct {
	const char *industry_code;
	const char *leading_industry;
} gen_industries[6] = {
    {"C2929", "new_energy_materials"}, {"C3841", "new_energy_materials"},
    {"C3441", "new_tech_equipment"},   {"C3360", "new_tech_equipment"},
    {"C1391", "health_food"},          {"C2662", "other"},
};

/* Marsaglia's xorshift64 (J. Stat. Softw. 8(14), 2003), shifts 13, 7, 17. */
static uint64_t xorshift64(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

/* Uniform in [lo, hi) from the top 53 bits. */
static double uniform(uint64_t *state, double lo, double hi)
{
	double u = (double)(xorshift64(state) >> 11) * 0x1.0p-53;

	return lo + u * (hi - lo);
}

static int usage(void)
{
	fputs("usage: gen_ledger N_ENTERPRISES YEAR_FROM YEAR_TO OUTDIR\n"
	      "writes OUTDIR/enterprises.csv and OUTDIR/activity.csv: N enterprises, every\n"
	      "month of YEAR_FROM..YEAR_TO, 20 items each (deterministic)\n",
	      stderr);
	return 2;
}

/* Parses a whole decimal number in [min, max]; false on anything else. */
static int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return 0;
	*out = v;
	return 1;
}

/* Writes the 18-character USCC of enterprise index (1-based) into out[USCC_LEN + 1]:
 * "91" (enterprise, company), administrative division 370406, "MA", the index in
 * 7 digits, then the check character. */
static int make_uscc(long index, char out[USCC_LEN + 1])
{
	static const char prefix[] = "91370406MA";
	char check;

	if (index < 0 || index > GEN_MAX_ENTERPRISES)
		return -1;
	memcpy(out, prefix, sizeof(prefix) - 1);
	for (int i = 16; i >= 10; i--, index /= 10)
		out[i] = (char)('0' + index % 10);
	if (uscc_check_char(out, &check) != GP_OK)
		return -1;
	out[USCC_LEN - 1] = check;
	out[USCC_LEN] = '\0';
	return 0;
}

/* Opens dir/name for writing with a large buffer. The caller owns the FILE. */
static FILE *open_out(const char *dir, const char *name, char *path, size_t pathsz)
{
	FILE *f;
	int n = snprintf(path, pathsz, "%s/%s", dir, name);

	if (n < 0 || (size_t)n >= pathsz) {
		fprintf(stderr, "gen_ledger: output path '%s/%s' is too long\n", dir, name);
		return NULL;
	}
	if (!(f = fopen(path, "w"))) {
		fprintf(stderr, "gen_ledger: cannot create %s: %s\n", path, strerror(errno));
		return NULL;
	}
	setvbuf(f, NULL, _IOFBF, GEN_STDIO_BUF);
	return f;
}

/* Flushes and closes f; reports a write error on path. Returns 0 on success. */
static int close_out(FILE *f, const char *path)
{
	int bad = ferror(f);

	if (fclose(f) != 0 || bad) {
		fprintf(stderr, "gen_ledger: writing %s failed: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int write_enterprises(const char *dir, long n, uint64_t *rng)
{
	char path[4096], uscc[USCC_LEN + 1];
	FILE *f = open_out(dir, "enterprises.csv", path, sizeof(path));

	if (!f)
		return -1;
	fputs("uscc,name,subpark,industry_code,leading_industry,high_tech,srdi,employees,land_m2\n",
	      f);
	for (long i = 1; i <= n; i++) {
		size_t ind = (size_t)(i - 1) % 6;
		long employees = 20 + (long)(xorshift64(rng) % 1981);
		double land_m2 = uniform(rng, 2000, 200000);

		if (make_uscc(i, uscc) != 0) {
			fprintf(stderr, "gen_ledger: cannot make a uscc for index %ld\n", i);
			fclose(f);
			return -1;
		}
		fprintf(f, "%s,企业%04ld,%s,%s,%s,%d,%d,%ld,%.0f\n", uscc, i,
			gen_subparks[(i - 1) % 4], gen_industries[ind].industry_code,
			gen_industries[ind].leading_industry, i % 3 == 0, i % 5 == 0, employees,
			land_m2);
	}
	return close_out(f, path);
}

/* Rows in (enterprise, month, item) order, which is also the order of greenpark's
 * activity key. */
static int write_activity(const char *dir, long n, long year_from, long year_to, uint64_t *rng)
{
	char path[4096], uscc[USCC_LEN + 1];
	FILE *f = open_out(dir, "activity.csv", path, sizeof(path));

	if (!f)
		return -1;
	fputs("uscc,period,item,quantity,unit\n", f);
	for (long i = 1; i <= n; i++) {
		if (make_uscc(i, uscc) != 0) {
			fclose(f);
			return -1;
		}
		for (long y = year_from; y <= year_to; y++)
			for (int m = 1; m <= 12; m++)
				for (size_t k = 0; k < 20; k++) {
					const struct gen_item *it = &gen_items[k];
					fprintf(f, "%s,%04ld-%02d,%s,%.3f,%s\n", uscc, y, m,
						it->code, uniform(rng, it->lo, it->hi), it->unit);
				}
	}
	return close_out(f, path);
}

int main(int argc, char **argv)
{
	uint64_t rng = GEN_SEED;
	long n, year_from, year_to;

	if (argc != 5)
		return usage();
	if (!parse_long(argv[1], 1, GEN_MAX_ENTERPRISES, &n)) {
		fprintf(stderr, "gen_ledger: N_ENTERPRISES '%s' is not a number from 1 to %ld\n",
			argv[1], GEN_MAX_ENTERPRISES);
		return 2;
	}
	if (!parse_long(argv[2], GEN_YEAR_MIN, GEN_YEAR_MAX, &year_from) ||
	    !parse_long(argv[3], year_from, GEN_YEAR_MAX, &year_to)) {
		fprintf(stderr, "gen_ledger: years '%s'..'%s' are not a range within %d..%d\n",
			argv[2], argv[3], GEN_YEAR_MIN, GEN_YEAR_MAX);
		return 2;
	}
	if (mkdir(argv[4], 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "gen_ledger: cannot create directory %s: %s\n", argv[4],
			strerror(errno));
		return 1;
	}
	if (write_enterprises(argv[4], n, &rng) != 0)
		return 1;
	if (write_activity(argv[4], n, year_from, year_to, &rng) != 0)
		return 1;
	return 0;
}
