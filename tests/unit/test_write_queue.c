/* test_write_queue.c — group commit (ingest/write_queue.c) and the group write under it
 * (readings_write_jobs), on a real SQLite store:
 * - three writers' points in one transaction: where two give the same meter and time the
 *   later writer's value is kept, each writer counts its own distinct points, and each gets
 *   its own audit row;
 * - the queue: writers held in the queue form one group commit into the readings log when
 *   released; a group with a bad writer (its audit row cannot be written) falls back to
 *   committing each alone, so only that writer fails; settled, the others' points are in
 *   the day rows;
 * - the log: a direct write merges it first, and the later value wins; a row of a meter
 *   that is gone is left out at settle, a damaged row is an error that keeps the log;
 * - threads writing concurrently through the queue lose no point;
 * - a settle in two steps (planned in a read snapshot, then written) gives the rows a settle
 *   in one transaction gives, and they are right; a plan whose log changed meanwhile (another
 *   connection settled, or a direct write merged the log) is dropped and settled afresh;
 * - the month rollups, now updated by the deltas of the days a write changes, equal the
 *   brute-force sum of the day rows after hundreds of small writes in time order (the live
 *   case), out of order and late, and after a correction that removes a day's flag. */
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/factors.h"
#include "core/meters.h"
#include "core/period.h"
#include "core/registry.h"
#include "ingest/meter_index.h"
#include "ingest/readings.h"
#include "ingest/write_queue.h"
#include "store/store.h"
#include "store/store_meters.h"
#include "util/str.h"

#include "store_helpers.h"

#define CST 28800
#define T0  1704038400 /* 2024-01-01T00:00:00+08:00 */

struct fx {
	char dir[256], db[320];
	struct store_handle h;
	int64_t m1, m2; /* a counter and an interval meter */
};

static int64_t add_meter(struct fx *f, const char *code, enum meter_kind kind)
{
	struct meter m;
	struct gp_err err;
	int64_t id = 0;

	memset(&m, 0, sizeof(m));
	str_copy(m.code, sizeof(m.code), code);
	str_copy(m.uscc, sizeof(m.uscc), "91370406MA3C00010M");
	str_copy(m.item, sizeof(m.item), "electricity_grid");
	str_copy(m.unit, sizeof(m.unit), "kWh");
	m.kind = kind;
	m.multiplier = 1;
	m.to_canonical = 1;
	m.rollover = NAN;
	m.interval_s = 900;
	assert_int_equal(f->h.ops->meters->meter_add(f->h.st, &m, "t", &id, &err), GP_OK);
	return id;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct enterprise e;
	struct item it;
	enum put_result res;
	struct gp_err err;
	int64_t id;

	assert_non_null(f);
	assert_int_equal(temp_store_open(f->dir, f->db, "wq", &f->h), 0);
	memset(&it, 0, sizeof(it));
	str_copy(it.code, sizeof(it.code), "electricity_grid");
	str_copy(it.category, sizeof(it.category), "energy");
	str_copy(it.unit, sizeof(it.unit), "kWh");
	str_copy(it.name_zh, sizeof(it.name_zh), "电");
	str_copy(it.name_en, sizeof(it.name_en), "electricity");
	it.tce_per_unit = NAN;
	it.ncv_gj_per_unit = NAN;
	it.cc_tc_per_tj = NAN;
	it.oxidation = NAN;
	it.kind = ITEM_ELECTRICITY;
	it.confidence = CONF_CONFIRMED;
	str_copy(it.source, sizeof(it.source), "test");
	assert_int_equal(item_prepare(&it, "MWh", &err), GP_OK);
	assert_int_equal(f->h.ops->item_put(f->h.st, &it, "MWh", &err), GP_OK);
	memset(&e, 0, sizeof(e));
	str_copy(e.uscc, sizeof(e.uscc), "91370406MA3C00010M");
	str_copy(e.name, sizeof(e.name), "山亭新材料科技有限公司");
	str_copy(e.industry_code, sizeof(e.industry_code), "C2929");
	assert_int_equal(f->h.ops->enterprise_upsert(f->h.st, &e, "t", &id, &res, &err), GP_OK);
	f->m1 = add_meter(f, "M1", METER_CUMULATIVE);
	f->m2 = add_meter(f, "M2", METER_INTERVAL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	temp_store_close(f->dir, f->db, &f->h);
	free(f);
	return 0;
}

static long long count_sql(struct fx *f, const char *sql)
{
	return sql_int(f->db, sql);
}

static void assert_totals_match_days(struct fx *f);

/* The raw value stored at (meter, ts) (NAN when there is none). */
static double stored_at(struct fx *f, int64_t meter_id, int64_t ts)
{
	struct meter_day_row r;
	struct tsz_point *p = NULL;
	struct gp_err err;
	size_t n = 0;
	double v = NAN;

	if (f->h.ops->meters->day_get(f->h.st, meter_id, meter_day_of(ts, CST), &r, &err) != GP_OK)
		return NAN;
	assert_int_equal(tsz_decode(r.points, r.points_len, &p, &n, &err), GP_OK);
	for (size_t i = 0; i < n; i++)
		if (p[i].ts == ts)
			v = p[i].v;
	free(p);
	meter_day_row_release(&r);
	return v;
}

static void group_write(void **state)
{
	struct fx *f = *state;
	/* job 0: M1 at T0+900 = 10, T0+1800 = 20; job 1: M1 at T0+1800 = 25 (replaces job 0's),
	 * and twice M2 at T0+900 (its own duplicate: one point); job 2: M2 at T0+900 = 7 */
	struct reading pts[] = {
	    {T0 + 900, 10, (int32_t)f->m1, 0},  {T0 + 1800, 20, (int32_t)f->m1, 0},
	    {T0 + 1800, 25, (int32_t)f->m1, 0}, {T0 + 900, 3, (int32_t)f->m2, 0},
	    {T0 + 900, 4, (int32_t)f->m2, 0},   {T0 + 900, 7, (int32_t)f->m2, 0},
	};
	struct write_job jobs[] = {{2, "a", "one", 0}, {5, "b", "two", 0}, {6, "c", "three", 0}};
	struct readings_stats st;
	struct gp_err err;

	assert_int_equal(f->m1, 1); /* the SQL below names the meters by id */
	assert_int_equal(f->m2, 2);
	assert_int_equal(readings_write_jobs(&f->h, pts, jobs, 3, CST, &st, &err), GP_OK);
	assert_int_equal(jobs[0].points, 2);
	assert_int_equal(jobs[1].points, 2); /* M1 T0+1800, M2 T0+900 */
	assert_int_equal(jobs[2].points, 1);
	assert_int_equal(st.points, 3); /* distinct (meter, time) in all */
	assert_true(stored_at(f, f->m1, T0 + 1800) == 25);
	assert_true(stored_at(f, f->m1, T0 + 900) == 10);
	assert_true(stored_at(f, f->m2, T0 + 900) == 7);
	assert_int_equal(audit_count_of(&f->h, "readings"), 3);
	/* the day of M1: one increment, 25 - 10 */
	assert_int_equal(count_sql(f, "SELECT value FROM reading_day WHERE meter_id = 1"), 15);
}

struct writer {
	struct fx *f;
	struct reading pts[96];
	size_t n;
	int rc;
	struct readings_stats st;
	char db[320];
	const char *actor;
};

static void *write_thread(void *arg)
{
	struct writer *w = arg;
	struct store_handle h;
	struct gp_err err;

	assert_int_equal(store_open(w->db, STORE_OPEN_EXISTING, &h, &err), GP_OK);
	w->rc = readings_commit(&h, w->pts, w->n, w->actor, "thread", &w->st, &err);
	store_close(&h);
	return NULL;
}

static void queue_group_fallback(void **state)
{
	struct fx *f = *state;
	struct writer w[3];
	pthread_t t[3];
	struct write_queue_stats before, after;
	struct gp_err err;

	memset(w, 0, sizeof(w));
	for (int i = 0; i < 3; i++) {
		w[i].f = f;
		str_copy(w[i].db, sizeof(w[i].db), f->db);
		/* writer 1's audit row cannot be written (actor NULL: audit.actor is NOT NULL) */
		w[i].actor = i == 1 ? NULL : "t";
		for (int k = 0; k < 4; k++)
			w[i].pts[w[i].n++] = (struct reading){T0 + 900 * (4 * i + k + 1),
							      100 + 4 * i + k, (int32_t)f->m1, 0};
	}
	write_queue_stats(&before);
	write_queue_hold(true);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(pthread_create(&t[i], NULL, write_thread, &w[i]), 0);
		while (write_queue_waiting() < (size_t)i + 1)
			usleep(1000); /* in queue order: 0, 1, 2 */
	}
	write_queue_hold(false);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	write_queue_stats(&after);
	assert_int_equal(after.groups - before.groups, 1);
	assert_int_equal(after.writers - before.writers, 3);
	assert_int_equal(after.max_group, 3);
	assert_int_equal(w[0].rc, GP_OK);
	assert_int_equal(w[1].rc, GP_ECONFLICT);
	assert_int_equal(w[2].rc, GP_OK);
	/* committed to the log: in the day rows once settled */
	assert_true(isnan(stored_at(f, f->m1, T0 + 900)));
	assert_int_equal(count_sql(f, "SELECT sum(n) FROM reading_log"), 8);
	assert_int_equal(readings_settle_pending(&f->h, &err), GP_OK);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM reading_log"), 0);
	assert_int_equal(w[0].st.points, 4);
	assert_int_equal(w[2].st.points, 4);
	assert_true(stored_at(f, f->m1, T0 + 900) == 100);
	assert_true(stored_at(f, f->m1, T0 + 900 * 12) == 111);
	assert_true(isnan(stored_at(f, f->m1, T0 + 900 * 5))); /* writer 1's time: not written */
	assert_int_equal(audit_count_of(&f->h, "readings"), 2);
}

static void queue_concurrent(void **state)
{
	struct fx *f = *state;
	enum { W = 6 };
	struct writer w[W];
	pthread_t t[W];
	struct gp_err err;

	memset(w, 0, sizeof(w));
	/* six writers, each 96 points of its own times on both meters, at once */
	for (int i = 0; i < W; i++) {
		str_copy(w[i].db, sizeof(w[i].db), f->db);
		w[i].actor = "t";
		for (int k = 0; k < 48; k++) {
			int64_t ts = T0 + 900 * (W * k + i + 1);
			w[i].pts[w[i].n++] =
			    (struct reading){ts, (double)(W * k + i), (int32_t)f->m1, 0};
			w[i].pts[w[i].n++] = (struct reading){ts, 1, (int32_t)f->m2, 0};
		}
	}
	for (int i = 0; i < W; i++)
		assert_int_equal(pthread_create(&t[i], NULL, write_thread, &w[i]), 0);
	for (int i = 0; i < W; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].rc, GP_OK);
		assert_int_equal(w[i].st.points, 96);
	}
	assert_int_equal(readings_settle_pending(&f->h, &err), GP_OK);
	/* 288 readings each, 15 min apart from 00:15: three days of 96 (2024-01-01 … 03) */
	assert_int_equal(count_sql(f, "SELECT sum(n) FROM reading_day"), 576);
	assert_int_equal(audit_count_of(&f->h, "readings"), W);
	/* the counter rises by 1 a reading: days 1-3 = 95 + 96 + 96 increments (the first
	 * reading at 00:15 has none before it); the interval meter's month = 288 × 1 */
	assert_int_equal(count_sql(f, "SELECT value FROM reading_month WHERE meter_id = 1"), 287);
	assert_int_equal(count_sql(f, "SELECT value FROM reading_month WHERE meter_id = 2"), 288);
	/* the park's totals of the three days: both meters, 95 + 96 and 96 + 96 twice */
	assert_int_equal(count_sql(f, "SELECT sum(value) FROM reading_total_day"), 575);
	assert_totals_match_days(f);
}

/* Month rows against the sum of their day rows (value: of days with one; days; flags). */
static void assert_months_match_days(struct fx *f)
{
	sqlite3 *c = NULL;
	sqlite3_stmt *s = NULL;
	int rows = 0;

	assert_int_equal(sqlite3_open_v2(f->db, &c, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	/* a day belongs to month YYYYMM of its civil date (day numbers from 1970-01-01) */
	assert_int_equal(
	    sqlite3_prepare_v2(
		c,
		"WITH d AS (SELECT meter_id, CAST(strftime('%Y%m', day * 86400, 'unixepoch') AS "
		"INTEGER) AS month, sum(value) AS v, count(*) AS days, count(value) AS nv, "
		"group_concat(flags) AS fl FROM reading_day GROUP BY 1, 2) "
		"SELECT m.value, d.v, m.days, d.days, m.flags, d.fl, d.nv FROM reading_month m "
		"JOIN d USING (meter_id, month)",
		-1, &s, NULL),
	    SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		double mv = sqlite3_column_double(s, 0), dv = sqlite3_column_double(s, 1);
		const char *fl = (const char *)sqlite3_column_text(s, 5);
		int flags = 0;
		for (const char *p = fl; p && *p;) {
			char *end;
			flags |= (int)strtol(p, &end, 10);
			p = *end ? end + 1 : end;
		}
		if (sqlite3_column_int(s, 6) == 0)
			assert_int_equal(sqlite3_column_type(s, 0), SQLITE_NULL);
		else
			assert_true(fabs(mv - dv) <= 1e-9 * fmax(1, fabs(dv)));
		assert_int_equal(sqlite3_column_int(s, 2), sqlite3_column_int(s, 3));
		assert_int_equal(sqlite3_column_int(s, 4), flags);
		rows++;
	}
	sqlite3_finalize(s);
	sqlite3_close(c);
	/* every month with day rows has its row */
	assert_int_equal(rows, count_sql(f, "SELECT count(*) FROM reading_month"));
	assert_true(rows > 0);
}

/* The park totals' rows (n > 0) against the day rows summed by enterprise, master's
 * enterprise, item and day (brute force: cumulative and interval meters with a value). */
static void assert_totals_match_days(struct fx *f)
{
	sqlite3 *c = NULL;
	sqlite3_stmt *s = NULL;
	int rows = 0;

	assert_int_equal(sqlite3_open_v2(f->db, &c, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(
		c,
		"WITH d AS (SELECT m.enterprise_id AS e, coalesce(p.enterprise_id, 0) AS pe, "
		"m.item_id AS i, r.day AS day, sum(r.value) AS v, count(r.value) AS n FROM "
		"reading_day r JOIN meter m ON m.id = r.meter_id LEFT JOIN meter p ON p.id = "
		"m.parent_id WHERE m.kind IN ('cumulative', 'interval') AND r.value IS NOT NULL "
		"GROUP BY 1, 2, 3, 4) SELECT d.v, t.value, d.n, t.n FROM d LEFT JOIN "
		"reading_total_day t ON t.enterprise_id = d.e AND t.parent_enterprise_id = d.pe "
		"AND t.item_id = d.i AND t.day = d.day",
		-1, &s, NULL),
	    SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		double dv = sqlite3_column_double(s, 0), tv = sqlite3_column_double(s, 1);
		assert_int_not_equal(sqlite3_column_type(s, 1), SQLITE_NULL);
		assert_true(fabs(dv - tv) <= 1e-9 * fmax(1, fabs(dv)));
		assert_int_equal(sqlite3_column_int(s, 2), sqlite3_column_int(s, 3));
		rows++;
	}
	sqlite3_finalize(s);
	sqlite3_close(c);
	/* and no totals row with a value that the day rows do not have */
	assert_int_equal(rows, count_sql(f, "SELECT count(*) FROM reading_total_day WHERE n > 0"));
	assert_true(rows > 0);
}

static void months_incremental(void **state)
{
	struct fx *f = *state;
	struct readings_stats st;
	struct gp_err err;
	uint64_t x = 88172645463325252ull; /* xorshift64 */
	double v = 1000;

	/* 40 days of 15-minute counter readings with irregular increments, written live: one
	 * reading at a time for each meter (3,840 writes), crossing into February */
	for (int i = 1; i <= 40 * 96; i++) {
		struct reading p[2];
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		v += (double)(x % 1000) / 100;
		p[0] = (struct reading){T0 + 900 * i, v, (int32_t)f->m1, 0};
		p[1] = (struct reading){T0 + 900 * i, (double)(x % 50) / 10, (int32_t)f->m2, 0};
		assert_int_equal(readings_write(&f->h, p, 2, CST, "t", "live", &st, &err), GP_OK);
	}
	assert_months_match_days(f);
	assert_totals_match_days(f);
	/* late and out of order: a spike on Jan 5 (flags it), then its correction (the flag
	 * goes: the month is recomputed from its days) */
	{
		int64_t ts = T0 + 4 * 86400 + 900 * 40;
		struct reading spike = {ts, stored_at(f, f->m1, ts) + 5000, (int32_t)f->m1, 0};
		double orig = stored_at(f, f->m1, ts);
		long long flags_before = count_sql(
		    f, "SELECT flags FROM reading_month WHERE meter_id = 1 AND month = 202401");
		assert_int_equal(readings_write(&f->h, &spike, 1, CST, "t", "late", &st, &err),
				 GP_OK);
		assert_months_match_days(f);
		assert_totals_match_days(f);
		assert_true(count_sql(f, "SELECT flags FROM reading_month WHERE meter_id = 1 AND "
					 "month = 202401") != flags_before);
		spike.v = orig;
		assert_int_equal(readings_write(&f->h, &spike, 1, CST, "t", "fix", &st, &err),
				 GP_OK);
		assert_months_match_days(f);
		assert_totals_match_days(f);
		assert_int_equal(count_sql(f,
					   "SELECT flags FROM reading_month WHERE meter_id = 1 AND "
					   "month = 202401"),
				 flags_before);
	}
	/* a day inserted before all others (Dec 31): a new month row, and Jan 1's first
	 * increment now reads it */
	{
		struct reading p = {T0 - 60, 900, (int32_t)f->m1, 0};
		assert_int_equal(readings_write(&f->h, &p, 1, CST, "t", "early", &st, &err), GP_OK);
		assert_months_match_days(f);
		assert_totals_match_days(f);
		assert_int_equal(
		    count_sql(f, "SELECT count(*) FROM reading_month WHERE meter_id = 1"), 3);
	}
}

/* The log: a direct write merges it first (its points arrived earlier, so the direct
 * write's value of the same meter and time wins); a log row whose meter is gone is left out
 * at settle with the rest merged; a row of the wrong length is an error naming it. */
static void log_then_direct(void **state)
{
	struct fx *f = *state;
	struct reading a[] = {{T0 + 900, 5, (int32_t)f->m1, 0},
			      {T0 + 1800, 6, (int32_t)f->m1, 0},
			      {T0 + 1800, 7, (int32_t)f->m1, 0}};
	struct reading b = {T0 + 1800, 9, (int32_t)f->m1, 0};
	struct readings_stats st;
	struct gp_err err;

	assert_int_equal(readings_commit(&f->h, a, 3, "t", "log", &st, &err), GP_OK);
	assert_int_equal(st.points, 2); /* T0+1800 twice: the later (7) counts */
	assert_int_equal(count_sql(f, "SELECT sum(n) FROM reading_log"), 2);
	assert_int_equal(readings_write(&f->h, &b, 1, CST, "t", "direct", &st, &err), GP_OK);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM reading_log"), 0);
	assert_true(stored_at(f, f->m1, T0 + 900) == 5);
	assert_true(stored_at(f, f->m1, T0 + 1800) == 9);

	/* a row naming meter id 77 (absent) and meter 1, little-endian by hand: 77, T0+2700, 1.0
	 * (0x3FF0000000000000) then 1, T0+2700, 8.0 (0x4020000000000000) */
	{
		unsigned char row[40];
		uint64_t one = 0x3FF0000000000000ull, eight = 0x4020000000000000ull;
		uint64_t ts = (uint64_t)(T0 + 2700);
		memset(row, 0, sizeof(row));
		row[0] = 77;
		row[20] = 1;
		for (int i = 0; i < 8; i++) {
			row[4 + i] = row[24 + i] = (unsigned char)(ts >> (8 * i));
			row[12 + i] = (unsigned char)(one >> (8 * i));
			row[32 + i] = (unsigned char)(eight >> (8 * i));
		}
		assert_int_equal(f->h.ops->meters->log_append(f->h.st, row, 40, 2, &err), GP_OK);
		assert_int_equal(readings_settle(&f->h, 1000, CST, &st, NULL, &err), GP_OK);
		assert_int_equal(st.logged, 2);
		assert_int_equal(st.points, 1);
		assert_true(stored_at(f, f->m1, T0 + 2700) == 8);
		/* a row of 2 points with 39 bytes */
		assert_int_equal(f->h.ops->meters->log_append(f->h.st, row, 39, 2, &err), GP_OK);
		assert_int_equal(readings_settle(&f->h, 1000, CST, &st, NULL, &err), GP_ESTORE);
		assert_non_null(strstr(err.msg, "39 bytes"));
		assert_int_equal(count_sql(f, "SELECT count(*) FROM reading_log"), 1); /* kept */
	}
}

/* ---- the settle in two steps (readings_settle_prepare / _finish) ---- */

/* Appends one log row of pts (made distinct first, as the queue does). */
static void log_row(struct fx *f, struct reading *pts, size_t n)
{
	struct write_job job = {0, "t", "log", 0};
	struct gp_err err;

	job.end = readings_distinct(pts, n);
	assert_int_equal(readings_log_jobs(&f->h, pts, &job, 1, &err), GP_OK);
}

/* The rows the readings tables hold, as text, for comparing two stores. */
static char *readings_dump(struct fx *f)
{
	static const char *const q[] = {
	    "SELECT meter_id, day, n, hex(points), hex(hours), quote(value), flags FROM "
	    "reading_day ORDER BY 1, 2",
	    "SELECT meter_id, month, quote(value), days, flags FROM reading_month ORDER BY 1, 2",
	    "SELECT enterprise_id, parent_enterprise_id, item_id, day, quote(value), n FROM "
	    "reading_total_day ORDER BY 1, 2, 3, 4",
	    "SELECT count(*) FROM reading_log"};
	struct buf b;
	sqlite3 *c = NULL;

	buf_init(&b, 0);
	assert_int_equal(sqlite3_open_v2(f->db, &c, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	for (size_t k = 0; k < sizeof(q) / sizeof(q[0]); k++) {
		sqlite3_stmt *s = NULL;
		assert_int_equal(sqlite3_prepare_v2(c, q[k], -1, &s, NULL), SQLITE_OK);
		while (sqlite3_step(s) == SQLITE_ROW) {
			for (int i = 0; i < sqlite3_column_count(s); i++)
				buf_addf(&b, "%s|", (const char *)sqlite3_column_text(s, i));
			buf_addc(&b, '\n');
		}
		sqlite3_finalize(s);
		buf_adds(&b, "--\n");
	}
	sqlite3_close(c);
	return buf_detach(&b);
}

/* Counter M1's day values against a brute force over every point it was given (the last
 * given of equal times kept): each day sums the increments of the readings that close in
 * it, from the last reading before. */
static void assert_counter_days(struct fx *f, const struct reading *all, size_t n)
{
	struct reading *p = calloc(n, sizeof(*p));
	size_t k = 0;

	assert_non_null(p);
	for (size_t i = 0; i < n; i++)
		if (all[i].meter_id == (int32_t)f->m1) {
			p[k] = all[i];
			p[k].seq = (uint32_t)i;
			k++;
		}
	k = readings_distinct(p, k); /* sorted by time; of equal times the last given */
	for (size_t i = 1; i < k;) {
		long day = meter_day_of(p[i].ts, CST);
		double want = 0;
		struct meter_day_row r;
		struct gp_err err;
		for (; i < k && meter_day_of(p[i].ts, CST) == day; i++)
			want += p[i].v - p[i - 1].v;
		assert_int_equal(f->h.ops->meters->day_get(f->h.st, f->m1, day, &r, &err), GP_OK);
		if (fabs(r.value - want) > 1e-9 * fmax(1, want))
			fail_msg("day %ld: %.17g, brute force %.17g", day, r.value, want);
		meter_day_row_release(&r);
	}
	free(p);
}

/* Points for the settle tests: M1 a rising counter and M2 an interval meter on day d
 * (0 = 2024-01-01), readings k0..k1 of the day (1-96; 96 closes the day), M1's value
 * base + its index (so a correction stays rising). */
static size_t day_points(struct fx *f, struct reading *out, int d, int k0, int k1, double base)
{
	size_t n = 0;
	for (int k = k0; k <= k1; k++) {
		int64_t ts = T0 + 86400LL * d + 900LL * k;
		out[n++] = (struct reading){ts, base + 96.0 * d + k, (int32_t)f->m1, 0};
		out[n++] = (struct reading){ts, 0.25 * k, (int32_t)f->m2, 0};
	}
	return n;
}

/* The same log settled in two steps and in one transaction gives the same rows, and those
 * rows are right: log rows out of day order (day 5 and 7, then 6, then a correction of day
 * 5), around days 9-10 written directly before (whose first increment reads day 7's, then
 * day 8's... last point: the plan's rows are read before the store's). */
static void settle_two_steps(void **state)
{
	struct fx *f = *state, *g = NULL;
	struct reading direct[400], r1[400], r2[400], r3[8], all[2000];
	size_t nd, n1, n2, n3 = 0, nall = 0;
	struct settle_plan *plan;
	struct readings_stats st;
	struct gp_err err;
	char *a, *b;

	assert_int_equal(setup((void **)&g), 0);
	nd = day_points(f, direct, 9, 1, 96, 1000);
	n1 = day_points(f, r1, 5, 1, 96, 1000);
	n1 += day_points(f, r1 + n1, 7, 1, 40, 1000);
	n2 = day_points(f, r2, 6, 1, 96, 1000);
	r3[n3++] =
	    (struct reading){T0 + 86400 * 5 + 900 * 50, 1000 + 96 * 5 + 50.5, (int32_t)f->m1, 0};
	r3[n3++] =
	    (struct reading){T0 + 86400 * 7 + 900 * 41, 1000 + 96 * 7 + 41, (int32_t)f->m1, 0};
	for (struct fx *x = f; x; x = x == f ? g : NULL) {
		struct reading t[400];
		memcpy(t, direct, nd * sizeof(*t));
		assert_int_equal(readings_write(&x->h, t, nd, CST, "t", "direct", &st, &err),
				 GP_OK);
		memcpy(t, r1, n1 * sizeof(*t));
		log_row(x, t, n1);
		memcpy(t, r2, n2 * sizeof(*t));
		log_row(x, t, n2);
		memcpy(t, r3, n3 * sizeof(*t));
		log_row(x, t, n3);
	}
	memcpy(all + nall, direct, nd * sizeof(*all)), nall += nd;
	memcpy(all + nall, r1, n1 * sizeof(*all)), nall += n1;
	memcpy(all + nall, r2, n2 * sizeof(*all)), nall += n2;
	memcpy(all + nall, r3, n3 * sizeof(*all)), nall += n3;

	assert_int_equal(readings_settle_prepare(&f->h, 1000000, CST, &plan, &err), GP_OK);
	assert_non_null(plan);
	assert_int_equal(readings_settle_finish(&f->h, plan, &st, NULL, &err), GP_OK);
	readings_settle_plan_free(plan);
	assert_int_equal(st.logged, (long long)(n1 + n2 + n3));
	assert_int_equal(readings_settle(&g->h, 1000000, CST, &st, NULL, &err), GP_OK);
	a = readings_dump(f);
	b = readings_dump(g);
	assert_string_equal(a, b);
	free(a);
	free(b);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM reading_log"), 0);
	assert_counter_days(f, all, nall);
	assert_months_match_days(f);
	assert_totals_match_days(f);
	/* an empty log: no plan */
	assert_int_equal(readings_settle_prepare(&f->h, 1000000, CST, &plan, &err), GP_OK);
	assert_null(plan);
	teardown((void **)&g);
}

/* A plan whose log changed before it was written is dropped and the log settled afresh in
 * the writing transaction: another connection settling the oldest row meanwhile, or a
 * direct write (which merges the whole log first, and whose later point then wins). */
static void settle_plan_fallback(void **state)
{
	struct fx *f = *state;
	struct store_handle h2;
	struct reading r1[400], r2[400], t[400], all[1000];
	size_t n1, n2, nall = 0;
	struct settle_plan *plan;
	struct readings_stats st;
	struct gp_err err;

	assert_int_equal(store_open(f->db, STORE_OPEN_EXISTING, &h2, &err), GP_OK);
	n1 = day_points(f, r1, 2, 1, 96, 500);
	n2 = day_points(f, r2, 3, 1, 96, 500);
	memcpy(t, r1, n1 * sizeof(*t));
	log_row(f, t, n1);
	memcpy(t, r2, n2 * sizeof(*t));
	log_row(f, t, n2);
	memcpy(all, r1, n1 * sizeof(*all)), nall += n1;
	memcpy(all + nall, r2, n2 * sizeof(*all)), nall += n2;
	assert_int_equal(readings_settle_prepare(&f->h, 1000000, CST, &plan, &err), GP_OK);
	/* the other connection takes the oldest row (its max admits one row) */
	assert_int_equal(readings_settle(&h2, 1, CST, &st, NULL, &err), GP_OK);
	assert_int_equal(st.logged, (long long)n1 / 2 * 2);
	assert_int_equal(readings_settle_finish(&f->h, plan, &st, NULL, &err), GP_OK);
	readings_settle_plan_free(plan);
	assert_int_equal(st.logged, (long long)n2); /* afresh: the row that was left */
	assert_int_equal(count_sql(f, "SELECT count(*) FROM reading_log"), 0);
	assert_counter_days(f, all, nall);
	assert_months_match_days(f);
	assert_totals_match_days(f);

	/* planned, then a direct write of a later value at a planned time */
	n1 = day_points(f, r1, 4, 1, 96, 500);
	memcpy(t, r1, n1 * sizeof(*t));
	log_row(f, t, n1);
	memcpy(all + nall, r1, n1 * sizeof(*all)), nall += n1;
	assert_int_equal(readings_settle_prepare(&f->h, 1000000, CST, &plan, &err), GP_OK);
	{
		struct reading d = {T0 + 86400 * 4 + 900 * 60, 500 + 96 * 4 + 60.5, (int32_t)f->m1,
				    0};
		all[nall++] = d;
		assert_int_equal(readings_write(&h2, &d, 1, CST, "t", "direct", &st, &err), GP_OK);
	}
	assert_int_equal(readings_settle_finish(&f->h, plan, &st, NULL, &err), GP_OK);
	readings_settle_plan_free(plan);
	assert_int_equal(st.logged, 0); /* the direct write merged the log */
	assert_true(stored_at(f, f->m1, T0 + 86400 * 4 + 900 * 60) == 500 + 96 * 4 + 60.5);
	assert_counter_days(f, all, nall);
	assert_months_match_days(f);
	assert_totals_match_days(f);
	store_close(&h2);
}

/* The shared meter snapshot: the same one while the meters do not change; a new one with
 * an added meter, the old still readable by its holder until given back. */
static void meter_snapshot(void **state)
{
	struct fx *f = *state;
	struct meter_index *a, *b, *c;
	struct gp_err err;

	assert_int_equal(meter_index_get(&f->h, &a, &err), GP_OK);
	assert_int_equal(meter_index_get(&f->h, &b, &err), GP_OK);
	assert_ptr_equal(a, b);
	assert_int_equal(a->n, 2);
	assert_int_equal(meter_index_by_code(a, "M2")->id, f->m2);
	assert_string_equal(meter_index_by_id(a, f->m1)->code, "M1");
	assert_null(meter_index_by_code(a, "M3"));
	assert_null(meter_index_by_id(a, 999));
	meter_index_put(b);
	add_meter(f, "M3", METER_INSTANT);
	assert_int_equal(meter_index_get(&f->h, &c, &err), GP_OK);
	assert_ptr_not_equal(a, c);
	assert_int_equal(c->n, 3);
	assert_int_equal(meter_index_by_code(c, "M3")->kind, METER_INSTANT);
	assert_string_equal(meter_index_by_code(a, "M1")->code, "M1"); /* still held */
	meter_index_put(a);
	meter_index_put(c);
	meter_index_clear();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(group_write, setup, teardown),
	    cmocka_unit_test_setup_teardown(queue_group_fallback, setup, teardown),
	    cmocka_unit_test_setup_teardown(queue_concurrent, setup, teardown),
	    cmocka_unit_test_setup_teardown(months_incremental, setup, teardown),
	    cmocka_unit_test_setup_teardown(log_then_direct, setup, teardown),
	    cmocka_unit_test_setup_teardown(meter_snapshot, setup, teardown),
	    cmocka_unit_test_setup_teardown(settle_two_steps, setup, teardown),
	    cmocka_unit_test_setup_teardown(settle_plan_fallback, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
