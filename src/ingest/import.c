/* import.c — validation and all-or-nothing loading of CSV files.
 * Activity rows stream into an open ledger batch while no error has been seen,
 * and the batch is rolled back at the end if any row was bad: one pass, nothing
 * stored on error. Registry files are small and are validated whole before the
 * store is touched. */
#include "ingest/import.h"
#include "ingest/import_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "core/account.h"
#include "core/indicators.h"
#include "core/period.h"
#include "core/registry.h"
#include "core/uscc.h"
#include "util/map.h"
#include "util/num.h"
#include "util/str.h"

void import_line_error(struct import_report *rep, const struct csv_reader *r, long line,
		       const char *fmt, ...)
{
	char msg[GP_ERR_MSG_MAX + 600];
	int n;
	va_list ap;

	rep->errors++;
	if (!rep->error)
		return;
	n = line > 0 ? snprintf(msg, sizeof(msg), "%s:%ld: ", csv_name(r), line)
		     : snprintf(msg, sizeof(msg), "%s: ", csv_name(r));
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	rep->error(rep->arg, msg);
}

void import_note(struct import_report *rep, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (!rep->note)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rep->note(rep->arg, msg);
}

/* Reports a field error from a gp_err (whose message has no file prefix). */
void import_line_err(struct import_report *rep, const struct csv_reader *r, long line,
		     const struct gp_err *e)
{
	import_line_error(rep, r, line, "%s", e->msg);
}

/* Reads the header record and checks it against the expected column names
 * (trimmed, case-insensitive). Returns true when it matches. */
bool import_read_header(struct csv_reader *r, struct import_report *rep, const char *const *cols,
			size_t ncols)
{
	struct csv_record rec;
	struct gp_err e;
	enum csv_result cr = csv_next(r, &rec, &e);
	struct buf want, got;
	bool ok;

	if (cr == CSV_EOF) {
		buf_init(&want, 1024);
		for (size_t i = 0; i < ncols; i++)
			buf_addf(&want, "%s%s", i ? "," : "", cols[i]);
		import_line_error(rep, r, 0, "file is empty (expected the header '%s')", want.data);
		buf_release(&want);
		return false;
	}
	if (cr != CSV_ROW) {
		import_line_err(rep, r, 0, &e);
		return false;
	}
	ok = rec.nfields == ncols;
	for (size_t i = 0; ok && i < ncols; i++)
		ok = str_eq_nocase(str_trim(rec.fields[i]), cols[i]);
	if (ok)
		return true;
	buf_init(&want, 1024);
	buf_init(&got, 1024);
	for (size_t i = 0; i < ncols; i++)
		buf_addf(&want, "%s%s", i ? "," : "", cols[i]);
	for (size_t i = 0; i < rec.nfields; i++)
		if (buf_addf(&got, "%s%s", i ? "," : "", rec.fields[i]) != GP_OK)
			break;
	import_line_error(rep, r, rec.line, "header is '%s' (expected '%s')",
			  got.data ? got.data : "", want.data);
	buf_release(&want);
	buf_release(&got);
	return false;
}

/* Next data record with its fields trimmed; reports malformed records and a wrong
 * field count and keeps going. Returns CSV_ROW, CSV_EOF or CSV_FATAL. */
enum csv_result import_next_row(struct csv_reader *r, struct csv_record *rec, size_t ncols,
				struct import_report *rep, struct gp_err *err)
{
	for (;;) {
		struct gp_err e;
		enum csv_result cr = csv_next(r, rec, &e);
		if (cr == CSV_BAD) {
			import_line_err(rep, r, 0, &e); /* message carries FILE:LINE already */
			continue;
		}
		if (cr == CSV_FATAL) {
			if (err)
				*err = e;
			return cr;
		}
		if (cr == CSV_EOF)
			return cr;
		if (rec->nfields != ncols) {
			import_line_error(rep, r, rec->line, "%zu fields (expected %zu)",
					  rec->nfields, ncols);
			continue;
		}
		for (size_t i = 0; i < ncols; i++)
			str_trim(rec->fields[i]);
		return CSV_ROW;
	}
}

/* import_line_error() with line 0 prints "FILE: "; CSV errors already carry their prefix. */

struct id_map_ctx {
	struct strmap *m;
};

static void collect_id(void *arg, const char *uscc, int64_t id)
{
	strmap_put(((struct id_map_ctx *)arg)->m, uscc, id);
}

int import_enterprise_ids(struct store_handle *h, struct strmap *m, struct gp_err *err)
{
	struct id_map_ctx ctx = {m};
	return h->ops->enterprise_ids(h->st, collect_id, &ctx, err);
}

int import_store_rows(struct store_handle *h, const void *rows, size_t nrows, size_t elem,
		      import_put_fn put, void *arg, const char *actor, struct import_result *res,
		      struct gp_err *err)
{
	int rc;

	if ((rc = h->ops->begin(h->st, err)) != GP_OK)
		return rc;
	for (size_t i = 0; i < nrows; i++) {
		enum put_result pr = PUT_UNCHANGED;
		if ((rc = put(h, (const char *)rows + i * elem, actor, &pr, arg, err)) != GP_OK)
			goto rollback;
		res->stats.inserted += pr == PUT_INSERTED;
		res->stats.replaced += pr == PUT_REPLACED;
		res->stats.unchanged += pr == PUT_UNCHANGED;
	}
	res->rows = (long long)nrows;
	if ((rc = h->ops->commit(h->st, err)) == GP_OK)
		return GP_OK;
rollback:
	h->ops->rollback(h->st);
	memset(&res->stats, 0, sizeof(res->stats));
	res->rows = 0;
	return rc;
}

int import_finish(struct store_handle *h, enum csv_result cr, const struct import_report *rep,
		  const void *rows, size_t nrows, size_t elem, import_put_fn put, void *arg,
		  const char *actor, struct import_result *res, struct gp_err *err)
{
	if (cr == CSV_FATAL)
		return err && err->status != GP_OK ? err->status : GP_EIO;
	if (rep->errors)
		return GP_EINPUT;
	return import_store_rows(h, rows, nrows, elem, put, arg, actor, res, err);
}

/* ---- enterprises ---- */

static const char *const enterprise_cols[] = {
    "uscc",      "name", "subpark",   "industry_code", "leading_industry",
    "high_tech", "srdi", "employees", "land_m2"};

struct ent_put {
	struct import_report *rep;
	struct import_result *res;
};

/* One enterprise, creating its sub-park first when it is new. */
static int put_enterprise(struct store_handle *h, const void *row, const char *actor,
			  enum put_result *pr, void *arg, struct gp_err *err)
{
	const struct enterprise *e = row;
	struct ent_put *c = arg;
	int64_t id;
	int rc;

	if (e->subpark[0]) {
		bool created;
		if ((rc = h->ops->subpark_ensure(h->st, e->subpark, actor, &id, &created, err)) !=
		    GP_OK)
			return rc;
		if (created) {
			c->res->subparks_created++;
			import_note(c->rep, "created sub-park '%s' (新建子园区)", e->subpark);
		}
	}
	return h->ops->enterprise_upsert(h->st, e, actor, &id, pr, err);
}

int import_enterprises(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
		       const char *actor, struct import_report *rep, struct import_result *res,
		       struct gp_err *err)
{
	struct enterprise *rows = NULL;
	size_t nrows = 0, cap = 0;
	struct strmap seen;
	struct csv_record rec;
	enum csv_result cr;
	int rc = GP_OK;

	(void)lib; /* no units to convert */

	memset(res, 0, sizeof(*res));
	rep->errors = 0;
	strmap_init(&seen);
	if (!import_read_header(r, rep, enterprise_cols, 9)) {
		rc = GP_EINPUT;
		goto out;
	}
	while ((cr = import_next_row(r, &rec, 9, rep, err)) == CSV_ROW) {
		struct enterprise e;
		struct gp_err fe;
		int64_t iv, first;
		double dv;
		bool bad = false;

		memset(&e, 0, sizeof(e));
		if ((long)nrows >= IMPORT_MAX_REGISTRY_ROWS) {
			import_line_error(rep, r, rec.line, "more than %ld enterprises in one file",
					  IMPORT_MAX_REGISTRY_ROWS);
			break;
		}
		if (uscc_normalize(rec.fields[0], e.uscc, &fe) != GP_OK) {
			import_line_err(rep, r, rec.line, &fe);
			bad = true;
		} else if (strmap_get(&seen, e.uscc, &first)) {
			import_line_error(rep, r, rec.line,
					  "uscc '%s' already appears on line %lld", e.uscc,
					  (long long)first);
			bad = true;
		} else {
			strmap_put(&seen, e.uscc, rec.line);
		}
		if (name_check("name", rec.fields[1], &fe) != GP_OK) {
			import_line_err(rep, r, rec.line, &fe);
			bad = true;
		} else {
			str_copy(e.name, sizeof(e.name), rec.fields[1]);
		}
		if (rec.fields[2][0] && name_check("subpark", rec.fields[2], &fe) != GP_OK) {
			import_line_err(rep, r, rec.line, &fe);
			bad = true;
		} else {
			str_copy(e.subpark, sizeof(e.subpark), rec.fields[2]);
		}
		if (industry_code_parse(rec.fields[3], e.industry_code, &fe) != GP_OK) {
			import_line_err(rep, r, rec.line, &fe);
			bad = true;
		}
		if (leading_industry_parse(rec.fields[4], &e.leading, &fe) != GP_OK) {
			import_line_err(rep, r, rec.line, &fe);
			bad = true;
		}
		if (bool_parse("high_tech", rec.fields[5], &e.high_tech, &fe) != GP_OK) {
			import_line_err(rep, r, rec.line, &fe);
			bad = true;
		}
		if (bool_parse("srdi", rec.fields[6], &e.srdi, &fe) != GP_OK) {
			import_line_err(rep, r, rec.line, &fe);
			bad = true;
		}
		if (!num_parse_int64(rec.fields[7], 0, 10000000, &iv)) {
			import_line_error(rep, r, rec.line,
					  "employees '%s' is not a whole number from 0 to 10000000",
					  rec.fields[7]);
			bad = true;
		} else {
			e.employees = iv;
		}
		if (!num_parse_double(rec.fields[8], &dv) || dv < 0 || dv > 1e10) {
			import_line_error(
			    rep, r, rec.line,
			    "land_m2 '%s' is not an area in m² (a number from 0 to 1e10)",
			    rec.fields[8]);
			bad = true;
		} else {
			e.land_m2 = dv;
		}
		if (bad)
			continue;
		XGROW(rows, nrows + 1, cap);
		rows[nrows++] = e;
	}
	res->rows = (long long)nrows + rep->errors;
	{
		struct ent_put ectx = {rep, res};
		rc = import_finish(h, cr, rep, rows, nrows, sizeof(*rows), put_enterprise, &ectx,
				   actor, res, err);
		if (rc != GP_OK)
			res->subparks_created = 0;
	}
out:
	strmap_release(&seen);
	free(rows);
	return rc;
}

/* ---- platforms ---- */

static int put_platform(struct store_handle *h, const void *row, const char *actor,
			enum put_result *pr, void *arg, struct gp_err *err)
{
	(void)arg;
	return h->ops->platform_upsert(h->st, row, actor, pr, err);
}

static const char *const platform_cols[] = {"name", "level", "kind", "uscc", "year"};

int import_platforms(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
		     const char *actor, struct import_report *rep, struct import_result *res,
		     struct gp_err *err)
{
	struct platform *rows = NULL;
	size_t nrows = 0, cap = 0;
	struct strmap seen, ids;
	struct csv_record rec;
	enum csv_result cr;
	int rc;

	(void)lib; /* no units to convert */

	memset(res, 0, sizeof(*res));
	rep->errors = 0;
	strmap_init(&seen);
	strmap_init(&ids);
	if ((rc = import_enterprise_ids(h, &ids, err)) != GP_OK)
		goto out;
	if (!import_read_header(r, rep, platform_cols, 5)) {
		rc = GP_EINPUT;
		goto out;
	}
	while ((cr = import_next_row(r, &rec, 5, rep, err)) == CSV_ROW) {
		struct platform p;
		struct gp_err fe;
		int64_t v, first;
		bool bad = false;

		memset(&p, 0, sizeof(p));
		if ((long)nrows >= IMPORT_MAX_REGISTRY_ROWS) {
			import_line_error(rep, r, rec.line, "more than %ld platforms in one file",
					  IMPORT_MAX_REGISTRY_ROWS);
			break;
		}
		if (name_check("name", rec.fields[0], &fe) != GP_OK) {
			import_line_err(rep, r, rec.line, &fe);
			bad = true;
		} else if (strmap_get(&seen, rec.fields[0], &first)) {
			import_line_error(rep, r, rec.line,
					  "platform '%s' already appears on line %lld",
					  rec.fields[0], (long long)first);
			bad = true;
		} else {
			strmap_put(&seen, rec.fields[0], rec.line);
			str_copy(p.name, sizeof(p.name), rec.fields[0]);
		}
		if (platform_level_parse(rec.fields[1], &p.level, &fe) != GP_OK) {
			import_line_err(rep, r, rec.line, &fe);
			bad = true;
		}
		if (platform_kind_parse(rec.fields[2], &p.kind, &fe) != GP_OK) {
			import_line_err(rep, r, rec.line, &fe);
			bad = true;
		}
		if (rec.fields[3][0]) {
			if (uscc_normalize(rec.fields[3], p.uscc, &fe) != GP_OK) {
				import_line_err(rep, r, rec.line, &fe);
				bad = true;
			} else if (!strmap_get(&ids, p.uscc, &v)) {
				import_line_error(
				    rep, r, rec.line,
				    "uscc '%s' is not a registered enterprise (import it with "
				    "'greenpark import enterprises' first)",
				    p.uscc);
				bad = true;
			}
		}
		if (!num_parse_int64(rec.fields[4], 1949, 2100, &v)) {
			import_line_error(rep, r, rec.line,
					  "year '%s' is not a year from 1949 to 2100",
					  rec.fields[4]);
			bad = true;
		} else {
			p.year = (int)v;
		}
		if (bad)
			continue;
		XGROW(rows, nrows + 1, cap);
		rows[nrows++] = p;
	}
	rc = import_finish(h, cr, rep, rows, nrows, sizeof(*rows), put_platform, NULL, actor, res,
			   err);
out:
	strmap_release(&seen);
	strmap_release(&ids);
	free(rows);
	return rc;
}

/* ---- activity ---- */

static const char *const activity_cols[] = {"uscc", "period", "item", "quantity", "unit"};

/* The closest item code within edit distance 3, for a "did you mean" hint. */
static const char *closest_item(const struct factor_lib *lib, const char *code)
{
	const char *best = NULL;
	int bestd = 4;

	for (size_t i = 0; i < lib->nitems; i++) {
		int d = str_edit_distance(code, lib->items[i].code);
		if (d < bestd) {
			bestd = d;
			best = lib->items[i].code;
		}
	}
	return best;
}

int import_activity(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
		    const char *actor, struct import_report *rep, struct import_result *res,
		    struct gp_err *err)
{
	struct strmap ids;
	struct u64map seen;
	struct key_line {
		uint64_t key;
		long line;
	} *lines = NULL;
	size_t nlines = 0, lines_cap = 0;
	bool hashed = false;
	struct csv_record rec;
	enum csv_result cr;
	int64_t batch = 0;
	bool batch_open = false;
	long long rows = 0;
	int rc;

	memset(res, 0, sizeof(*res));
	rep->errors = 0;
	u64map_init(&seen);
	strmap_init(&ids);
	if ((rc = import_enterprise_ids(h, &ids, err)) != GP_OK)
		goto out;
	if (!import_read_header(r, rep, activity_cols, 5)) {
		rc = GP_EINPUT;
		goto out;
	}
	if ((rc = h->ops->batch_begin(h->st, actor, "import", csv_name(r), &batch, err)) != GP_OK)
		goto out;
	batch_open = true;
	while ((cr = import_next_row(r, &rec, 5, rep, err)) == CSV_ROW) {
		struct gp_err fe;
		char uscc[USCC_LEN + 1];
		int64_t ent = 0, first;
		int period = 0, item = -1;
		double q = 0, factor = 1;
		uint64_t key;
		bool bad = false;

		if (++rows > IMPORT_MAX_ACTIVITY_ROWS) {
			import_line_error(rep, r, rec.line,
					  "more than %ld rows in one file (split it)",
					  IMPORT_MAX_ACTIVITY_ROWS);
			break;
		}
		if (rep->progress && rows % IMPORT_PROGRESS_EVERY == 0)
			rep->progress(rep->arg, rows, csv_offset(r), csv_size(r));
		if (uscc_normalize(rec.fields[0], uscc, &fe) != GP_OK) {
			import_line_err(rep, r, rec.line, &fe);
			bad = true;
		} else if (rep->only_uscc && strcmp(uscc, rep->only_uscc) != 0) {
			import_line_error(
			    rep, r, rec.line,
			    "uscc '%s' is not your enterprise (%s): you may import only its rows",
			    uscc, rep->only_uscc);
			bad = true;
		} else if (!strmap_get(&ids, uscc, &ent)) {
			import_line_error(
			    rep, r, rec.line,
			    "uscc '%s' is not a registered enterprise (import it with "
			    "'greenpark import enterprises' first)",
			    uscc);
			bad = true;
		}
		if (period_parse(rec.fields[1], &period, &fe) != GP_OK) {
			import_line_err(rep, r, rec.line, &fe);
			bad = true;
		}
		item = factors_item_index(lib, rec.fields[2]);
		if (item < 0) {
			const char *hint = closest_item(lib, rec.fields[2]);
			if (hint)
				import_line_error(
				    rep, r, rec.line,
				    "unknown item '%s' (did you mean '%s'? see data/items.csv)",
				    rec.fields[2], hint);
			else
				import_line_error(
				    rep, r, rec.line,
				    "unknown item '%s' (see 'greenpark factors --kind item' or "
				    "data/items.csv)",
				    rec.fields[2]);
			bad = true;
		}
		if (!num_parse_double(rec.fields[3], &q)) {
			import_line_error(rep, r, rec.line,
					  rec.fields[3][0]
					      ? "quantity '%s' is not a number (expected e.g. "
						"1234.5, no thousands separators)"
					      : "quantity is empty%s (expected a number >= 0)",
					  rec.fields[3]);
			bad = true;
		} else if (q < 0 || (q == 0 && signbit(q))) {
			import_line_error(rep, r, rec.line,
					  "quantity '%s' is negative (expected a number >= 0)",
					  rec.fields[3]);
			bad = true;
		}
		if (item >= 0 &&
		    item_unit_factor(&lib->items[item], rec.fields[4], &factor, &fe) != GP_OK) {
			import_line_err(rep, r, rec.line, &fe);
			bad = true;
		}
		if (bad)
			continue;
		if (!isfinite(q * factor)) {
			import_line_error(rep, r, rec.line, "quantity '%s' %s is too large",
					  rec.fields[3], rec.fields[4]);
			continue;
		}
		key = ((uint64_t)ent << 32) | ((uint64_t)period << 12) |
		      (uint64_t)lib->items[item].id;
		if (!rep->errors) {
			/* The store refuses a key the batch already wrote (GP_ECONFLICT), so
			 * while every row is good, duplicates need no lookup here: the rows'
			 * keys and lines are only appended, for naming the earlier line. */
			struct gp_err perr;
			rc = h->ops->activity_put(h->st, batch, ent, period, lib->items[item].id,
						  q * factor, &perr);
			if (rc == GP_OK) {
				XGROW(lines, nlines + 1, lines_cap);
				lines[nlines].key = key;
				lines[nlines++].line = rec.line;
				continue;
			}
			if (rc != GP_ECONFLICT) {
				if (err)
					*err = perr;
				goto out;
			}
			rc = GP_OK;
		}
		/* An error was seen (nothing more is stored) or this row repeats a key:
		 * from now on duplicates are found in a hash of every good row so far. */
		if (!hashed) {
			u64map_reserve(&seen, nlines + 1024);
			for (size_t i = 0; i < nlines; i++)
				u64map_put_new(&seen, lines[i].key, lines[i].line, NULL);
			hashed = true;
		}
		if (!u64map_put_new(&seen, key, rec.line, &first))
			import_line_error(
			    rep, r, rec.line,
			    "duplicate of line %lld (same uscc %s, period %s and item %s)",
			    (long long)first, uscc, rec.fields[1], rec.fields[2]);
	}
	if (cr == CSV_FATAL) {
		rc = err ? err->status : GP_EIO;
		goto out;
	}
	res->rows = rows;
	if (rep->errors) {
		rc = GP_EINPUT;
		goto out;
	}
	rc = h->ops->batch_commit(h->st, batch, &res->stats, err);
	batch_open = false;
	res->batch_id = batch;
out:
	if (batch_open)
		h->ops->batch_abort(h->st, batch);
	if (rc != GP_OK)
		memset(&res->stats, 0, sizeof(res->stats));
	strmap_release(&ids);
	u64map_release(&seen);
	free(lines);
	return rc;
}

/* ---- data files of the factor library ---- */

/* Column positions by header name, so that data files may gain columns. */
struct colmap {
	const char *const *names;
	size_t n;
	int pos[24];
};

static bool map_columns(struct csv_reader *r, struct import_report *rep, struct colmap *m)
{
	struct csv_record rec;
	struct gp_err e;
	enum csv_result cr = csv_next(r, &rec, &e);

	if (cr != CSV_ROW) {
		if (cr == CSV_EOF)
			import_line_error(rep, r, 0, "file is empty (expected a header)");
		else
			import_line_err(rep, r, 0, &e);
		return false;
	}
	for (size_t i = 0; i < m->n; i++) {
		m->pos[i] = -1;
		for (size_t j = 0; j < rec.nfields; j++)
			if (strcmp(str_trim(rec.fields[j]), m->names[i]) == 0)
				m->pos[i] = (int)j;
		if (m->pos[i] < 0) {
			import_line_error(rep, r, rec.line, "header has no column '%s'",
					  m->names[i]);
			return false;
		}
	}
	return true;
}

static const char *col(const struct csv_record *rec, const struct colmap *m, size_t i)
{
	int p = m->pos[i];
	return (size_t)p < rec->nfields ? rec->fields[p] : "";
}

/* The standards' tables write "same" for "the source of the row above", and
 * "same (华北)", "same; fixed by ...", "...; others same" for "that source, plus".
 * Spelled out here so that every stored row names its own source. prev is the
 * previous row's expanded source; base the last one written without "same". */
static void expand_same(const char *src, char *prev, char *base, size_t sz, char *out, size_t outsz)
{
	size_t n = strlen(src);
	const char *tail = "others same";
	size_t tn = strlen(tail);

	if (strcmp(src, "same") == 0)
		str_copy(out, outsz, prev);
	else if (strncmp(src, "same", 4) == 0 && (src[4] == ' ' || src[4] == ';'))
		str_fmt(out, outsz, "%s%s", base, src + 4);
	else if (n >= tn && strcmp(src + n - tn, tail) == 0)
		str_fmt(out, outsz, "%.*sothers: %s", (int)(n - tn), src, base);
	else
		str_copy(base, sz, src), str_copy(out, outsz, src);
	str_copy(prev, sz, out);
}

/* Optional number: empty → NAN. */
static bool opt_number(const char *s, double *out)
{
	if (!s[0]) {
		*out = NAN;
		return true;
	}
	return num_parse_double(s, out);
}

static int load_items(struct store_handle *h, struct csv_reader *r, struct import_report *rep,
		      long *count, struct gp_err *err)
{
	static const char *const names[] = {
	    "code",         "category",        "unit",         "alt_units", "name_zh", "name_en",
	    "tce_per_unit", "ncv_gj_per_unit", "cc_tc_per_tj", "oxidation", "kind",    "confidence",
	    "source"};
	struct colmap m = {names, 13, {0}};
	struct csv_record rec;
	struct gp_err e;
	enum csv_result cr;
	char base[FACTOR_SOURCE_MAX] = "", prev[FACTOR_SOURCE_MAX] = "";
	int rc;

	if (!map_columns(r, rep, &m))
		return GP_EINPUT;
	while ((cr = csv_next(r, &rec, &e)) != CSV_EOF) {
		struct item it;
		const char *tce;
		if (cr == CSV_BAD) {
			import_line_err(rep, r, 0, &e);
			continue;
		}
		if (cr == CSV_FATAL)
			return *err = e, e.status;
		memset(&it, 0, sizeof(it));
		for (size_t i = 0; i < rec.nfields; i++)
			str_trim(rec.fields[i]);
		str_copy(it.code, sizeof(it.code), col(&rec, &m, 0));
		str_copy(it.category, sizeof(it.category), col(&rec, &m, 1));
		str_copy(it.unit, sizeof(it.unit), col(&rec, &m, 2));
		str_copy(it.name_zh, sizeof(it.name_zh), col(&rec, &m, 4));
		str_copy(it.name_en, sizeof(it.name_en), col(&rec, &m, 5));
		expand_same(col(&rec, &m, 12), prev, base, sizeof(base), it.source,
			    sizeof(it.source));
		if (strcmp(col(&rec, &m, 6), "ncv") == 0 && strncmp(it.source, "tce: ", 5) == 0) {
			/* tce comes from the NCV here, so the row above's tce source does not apply
			 */
			const char *others = strstr(it.source, "others: ");
			if (others)
				memmove(it.source, others + 8, strlen(others + 8) + 1);
		}
		tce = col(&rec, &m, 6);
		it.tce_from_ncv = strcmp(tce, "ncv") == 0;
		if (!it.code[0]) {
			import_line_error(rep, r, rec.line, "code is empty");
			continue;
		}
		if (it.tce_from_ncv)
			it.tce_per_unit = NAN;
		else if (!opt_number(tce, &it.tce_per_unit)) {
			import_line_error(rep, r, rec.line,
					  "tce_per_unit '%s' is not a number, 'ncv' or empty", tce);
			continue;
		}
		if (!opt_number(col(&rec, &m, 7), &it.ncv_gj_per_unit) ||
		    !opt_number(col(&rec, &m, 8), &it.cc_tc_per_tj) ||
		    !opt_number(col(&rec, &m, 9), &it.oxidation)) {
			import_line_error(
			    rep, r, rec.line,
			    "%s: ncv_gj_per_unit, cc_tc_per_tj and oxidation must be numbers or "
			    "empty",
			    it.code);
			continue;
		}
		if (item_kind_parse(col(&rec, &m, 10), &it.kind) != GP_OK) {
			import_line_error(rep, r, rec.line, "%s: kind '%s' is not known", it.code,
					  col(&rec, &m, 10));
			continue;
		}
		if (confidence_parse(col(&rec, &m, 11), &it.confidence) != GP_OK) {
			import_line_error(
			    rep, r, rec.line,
			    "%s: confidence '%s' is not confirmed, secondary or unconfirmed",
			    it.code, col(&rec, &m, 11));
			continue;
		}
		if (item_prepare(&it, col(&rec, &m, 3), &e) != GP_OK) {
			import_line_err(rep, r, rec.line, &e);
			continue;
		}
		if (rep->errors)
			continue;
		if ((rc = h->ops->item_put(h->st, &it, col(&rec, &m, 3), err)) != GP_OK)
			return rc;
		(*count)++;
	}
	return rep->errors ? GP_EINPUT : GP_OK;
}

static int load_grid(struct store_handle *h, struct csv_reader *r, struct import_report *rep,
		     long *count, struct gp_err *err)
{
	static const char *const names[] = {"year",           "grid",       "kind",
					    "kg_co2_per_kwh", "confidence", "source"};
	struct colmap m = {names, 6, {0}};
	struct csv_record rec;
	struct gp_err e;
	enum csv_result cr;
	char base[FACTOR_SOURCE_MAX] = "", prev[FACTOR_SOURCE_MAX] = "";
	int rc;

	if (!map_columns(r, rep, &m))
		return GP_EINPUT;
	while ((cr = csv_next(r, &rec, &e)) != CSV_EOF) {
		struct grid_factor g;
		int64_t y;
		if (cr == CSV_BAD) {
			import_line_err(rep, r, 0, &e);
			continue;
		}
		if (cr == CSV_FATAL)
			return *err = e, e.status;
		memset(&g, 0, sizeof(g));
		for (size_t i = 0; i < rec.nfields; i++)
			str_trim(rec.fields[i]);
		if (!num_parse_int64(col(&rec, &m, 0), 1990, 2100, &y)) {
			import_line_error(rep, r, rec.line, "year '%s' is not a year",
					  col(&rec, &m, 0));
			continue;
		}
		g.year = (int)y;
		if (grid_region_check(col(&rec, &m, 1), &e) != GP_OK) {
			import_line_err(rep, r, rec.line, &e);
			continue;
		}
		str_copy(g.grid, sizeof(g.grid), col(&rec, &m, 1));
		str_copy(g.kind, sizeof(g.kind), col(&rec, &m, 2));
		if (!g.kind[0]) {
			import_line_error(rep, r, rec.line, "kind is empty");
			continue;
		}
		if (!num_parse_double(col(&rec, &m, 3), &g.kg_co2_per_kwh) ||
		    g.kg_co2_per_kwh < 0 || g.kg_co2_per_kwh > 5) {
			import_line_error(rep, r, rec.line,
					  "kg_co2_per_kwh '%s' is not a factor from 0 to 5",
					  col(&rec, &m, 3));
			continue;
		}
		if (confidence_parse(col(&rec, &m, 4), &g.confidence) != GP_OK) {
			import_line_error(
			    rep, r, rec.line,
			    "confidence '%s' is not confirmed, secondary or unconfirmed",
			    col(&rec, &m, 4));
			continue;
		}
		expand_same(col(&rec, &m, 5), prev, base, sizeof(base), g.source, sizeof(g.source));
		if (rep->errors)
			continue;
		if ((rc = h->ops->grid_factor_put(h->st, &g, err)) != GP_OK)
			return rc;
		(*count)++;
	}
	return rep->errors ? GP_EINPUT : GP_OK;
}

static int load_equivalent(struct store_handle *h, struct csv_reader *r, struct import_report *rep,
			   long *count, struct gp_err *err)
{
	static const char *const names[] = {"year", "kgce_per_kwh", "confidence", "source"};
	struct colmap m = {names, 4, {0}};
	struct csv_record rec;
	struct gp_err e;
	enum csv_result cr;
	char base[FACTOR_SOURCE_MAX] = "", prev[FACTOR_SOURCE_MAX] = "";
	int rc;

	if (!map_columns(r, rep, &m))
		return GP_EINPUT;
	while ((cr = csv_next(r, &rec, &e)) != CSV_EOF) {
		struct equivalent_factor q;
		int64_t y;
		if (cr == CSV_BAD) {
			import_line_err(rep, r, 0, &e);
			continue;
		}
		if (cr == CSV_FATAL)
			return *err = e, e.status;
		memset(&q, 0, sizeof(q));
		for (size_t i = 0; i < rec.nfields; i++)
			str_trim(rec.fields[i]);
		if (!num_parse_int64(col(&rec, &m, 0), 1990, 2100, &y)) {
			import_line_error(rep, r, rec.line, "year '%s' is not a year",
					  col(&rec, &m, 0));
			continue;
		}
		q.year = (int)y;
		if (!num_parse_double(col(&rec, &m, 1), &q.kgce_per_kwh) || q.kgce_per_kwh <= 0 ||
		    q.kgce_per_kwh > 1) {
			import_line_error(rep, r, rec.line,
					  "kgce_per_kwh '%s' is not a coefficient from 0 to 1",
					  col(&rec, &m, 1));
			continue;
		}
		if (confidence_parse(col(&rec, &m, 2), &q.confidence) != GP_OK) {
			import_line_error(
			    rep, r, rec.line,
			    "confidence '%s' is not confirmed, secondary or unconfirmed",
			    col(&rec, &m, 2));
			continue;
		}
		expand_same(col(&rec, &m, 3), prev, base, sizeof(base), q.source, sizeof(q.source));
		if (rep->errors)
			continue;
		if ((rc = h->ops->equivalent_put(h->st, &q, err)) != GP_OK)
			return rc;
		(*count)++;
	}
	return rep->errors ? GP_EINPUT : GP_OK;
}

/* Column index of name in a header record, or -1. */
static int header_index(const struct csv_record *hdr, const char *name)
{
	for (size_t i = 0; i < hdr->nfields; i++)
		if (strcmp(hdr->fields[i], name) == 0)
			return (int)i;
	return -1;
}

static const char *field_or(const struct csv_record *rec, int idx, const char *dflt)
{
	return idx >= 0 && (size_t)idx < rec->nfields ? rec->fields[idx] : dflt;
}

/* The text columns of an indicator file and where they land; alt is the
 * other standard's name for the same column. */
struct text_col {
	const char *name, *alt;
	size_t off, size;
};
#define TEXT_COL(col, alt, field)                                                                  \
	{                                                                                          \
		col, alt, offsetof(struct ind_def, field), sizeof(((struct ind_def *)0)->field)    \
	}
static const struct text_col text_cols[] = {
    TEXT_COL("code", NULL, code),
    TEXT_COL("name_zh", NULL, name_zh),
    TEXT_COL("name_en", NULL, name_en),
    TEXT_COL("unit", NULL, unit),
    TEXT_COL("type", "group", group),
    TEXT_COL("variant_of", NULL, variant_of),
    TEXT_COL("applies", NULL, applies),
    TEXT_COL("applies_when", NULL, applies_text),
    TEXT_COL("expr", NULL, expr),
    TEXT_COL("method", NULL, method),
    TEXT_COL("gap_expr", NULL, gap_expr),
    TEXT_COL("gap_unit", NULL, gap_unit),
    TEXT_COL("formula", NULL, formula),
    TEXT_COL("source", NULL, source),
    TEXT_COL("confidence", NULL, confidence),
};
#undef TEXT_COL

/* An indicator set (data/indicators/STANDARD.csv). Both published tables are read
 * as they are: the zero-carbon one names its target 'target' and its kind 'type'
 * (core → required), the 2016 green-park one 'leading_value', 'group' and 'required'. */
static int load_indicators(struct store_handle *h, struct csv_reader *r, struct import_report *rep,
			   const char *standard, struct gp_err *err)
{
	static const char *const need[] = {"code", "name_zh",   "name_en",
					   "unit", "direction", "expr"};
	struct csv_record rec, hdr;
	struct gp_err e;
	enum csv_result cr;
	int seq = 0, rc;
	char names[32][32];
	char *hfields[32];
	size_t ncols;

	cr = csv_next(r, &rec, &e);
	if (cr != CSV_ROW) {
		import_line_error(rep, r, 0, "%s",
				  cr == CSV_EOF ? "file is empty (expected a header)" : e.msg);
		return GP_EINPUT;
	}
	ncols = rec.nfields < 32 ? rec.nfields : 32;
	for (size_t i = 0; i < ncols; i++)
		str_copy(names[i], sizeof(names[i]), str_trim(rec.fields[i]));
	for (size_t i = 0; i < ncols; i++)
		hfields[i] = names[i];
	hdr.nfields = ncols;
	hdr.fields = hfields;
	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		if (header_index(&hdr, need[i]) < 0) {
			import_line_error(rep, r, rec.line, "header has no column '%s'", need[i]);
			return GP_EINPUT;
		}
	}
	while ((cr = csv_next(r, &rec, &e)) != CSV_EOF) {
		struct ind_def d;
		const char *target, *req;
		if (cr == CSV_BAD) {
			import_line_err(rep, r, 0, &e);
			continue;
		}
		if (cr == CSV_FATAL)
			return *err = e, e.status;
		for (size_t i = 0; i < rec.nfields; i++)
			str_trim(rec.fields[i]);
		memset(&d, 0, sizeof(d));
		str_copy(d.standard, sizeof(d.standard), standard);
		for (size_t i = 0; i < sizeof(text_cols) / sizeof(text_cols[0]); i++) {
			const struct text_col *t = &text_cols[i];
			const char *v =
			    field_or(&rec, header_index(&hdr, t->name),
				     t->alt ? field_or(&rec, header_index(&hdr, t->alt), "") : "");
			str_copy((char *)&d + t->off, t->size, v);
		}
		if (!d.code[0] || !d.expr[0]) {
			import_line_error(rep, r, rec.line, "code and expr must not be empty");
			continue;
		}
		if (ind_direction_parse(field_or(&rec, header_index(&hdr, "direction"), ""),
					&d.direction) != GP_OK) {
			import_line_error(rep, r, rec.line, "%s: direction is not min, max or bool",
					  d.code);
			continue;
		}
		target = field_or(&rec, header_index(&hdr, "target"),
				  field_or(&rec, header_index(&hdr, "leading_value"), ""));
		if (d.direction == DIR_BOOL)
			d.target = 1; /* yes / complete */
		else if (!num_parse_double(target, &d.target)) {
			import_line_error(rep, r, rec.line, "%s: target '%s' is not a number",
					  d.code, target);
			continue;
		}
		req = field_or(&rec, header_index(&hdr, "required"), "");
		d.required = strcmp(req, "required") == 0 || strcmp(d.group, "core") == 0;
		if (d.method[0]) {
			enum account_method m;
			if (account_method_parse(d.method, &m) != GP_OK) {
				import_line_error(rep, r, rec.line, "%s: method '%s' is not known",
						  d.code, d.method);
				continue;
			}
		}
		if (rep->errors)
			continue;
		if ((rc = h->ops->indicator_put(h->st, &d, seq++, err)) != GP_OK)
			return rc;
	}
	return rep->errors ? GP_EINPUT : GP_OK;
}

int import_datafiles(struct store_handle *h, const char *dir, const char *actor,
		     struct import_report *rep, long counts[3], struct gp_err *err)
{
	static const char *const files[3] = {"items.csv", "grid_factors.csv",
					     "electricity_equivalent.csv"};
	int (*loaders[3])(struct store_handle *, struct csv_reader *, struct import_report *,
			  long *, struct gp_err *) = {load_items, load_grid, load_equivalent};
	int rc;

	rep->errors = 0;
	if ((rc = h->ops->begin(h->st, err)) != GP_OK)
		return rc;
	for (int i = 0; i < 3; i++) {
		struct csv_reader *r;
		char path[1024], detail[256];
		counts[i] = 0;
		str_fmt(path, sizeof(path), "%s/%s", dir, files[i]);
		if ((rc = csv_open_file(&r, path, err)) != GP_OK)
			goto fail;
		rc = loaders[i](h, r, rep, &counts[i], err);
		csv_close(r);
		if (rc != GP_OK)
			goto fail;
		str_fmt(detail, sizeof(detail), "{\"file\":\"%s\",\"rows\":%ld}", files[i],
			counts[i]);
		if ((rc = h->ops->audit_add(h->st, actor, "load", "factor_library", files[i], NULL,
					    detail, err)) != GP_OK)
			goto fail;
	}
	{
		static const char *const sets[] = {"zcp2025", "miit2016"};
		for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
			struct csv_reader *r;
			char path[1024], detail[128];
			str_fmt(path, sizeof(path), "%s/indicators/%s.csv", dir, sets[i]);
			if ((rc = csv_open_file(&r, path, err)) != GP_OK)
				goto fail;
			rc = load_indicators(h, r, rep, sets[i], err);
			csv_close(r);
			if (rc != GP_OK)
				goto fail;
			str_fmt(detail, sizeof(detail), "{\"file\":\"indicators/%s.csv\"}",
				sets[i]);
			if ((rc = h->ops->audit_add(h->st, actor, "load", "indicator_set", sets[i],
						    NULL, detail, err)) != GP_OK)
				goto fail;
		}
	}
	return h->ops->commit(h->st, err);
fail:
	h->ops->rollback(h->st);
	if (rc == GP_EINPUT && rep->errors)
		gp_err_set(err, GP_EINPUT, "%ld bad rows in the data files of %s; nothing loaded",
			   rep->errors, dir);
	return rc;
}
