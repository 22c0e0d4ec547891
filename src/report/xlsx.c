/* xlsx.c — the yearly report workbook. report_gather reads the store and computes with
 * core (account_compute, evaluation_run); the sheet writers only format struct report into
 * cells: they never call the store and never compute an indicator. Every number is
 * written at full precision and rounded only by its cell's number format, so a reader
 * (or a test) gets the same value as 'greenpark account' and 'greenpark evaluate'. */
#include "report/xlsx.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "core/period.h"
#include "util/map.h"
#include "util/num.h"
#include "util/str.h"
#include "util/utf8.h"

static const char no_subpark[] = "未分园区 no sub-park";

/* ---- gathering ---- */

/* Adds the factors of an account that are not listed yet (same method, year, key). */
static void factors_merge(struct report *r, enum account_method m, const struct account_result *a)
{
	for (size_t i = 0; i < a->nfactors; i++) {
		const struct factor_use *u = &a->factors[i];
		bool seen = false;
		for (size_t k = 0; k < r->nfactors && !seen; k++)
			seen = r->factors[k].method == m &&
			       r->factors[k].use.year_requested == u->year_requested &&
			       strcmp(r->factors[k].use.key, u->key) == 0;
		if (seen)
			continue;
		XGROW(r->factors, r->nfactors + 1, r->factors_cap);
		r->factors[r->nfactors].method = m;
		r->factors[r->nfactors++].use = *u;
	}
}

/* The row's account under the report's method, its factors merged into the list. */
static int row_compute(struct report *r, struct report_row *row, struct gp_err *err)
{
	struct account_input in = {r->year, r->method, r->park.grid, row->q};
	int rc = account_compute(r->lib, &in, &row->acct, err);

	if (rc == GP_OK) {
		row->computed = true;
		factors_merge(r, r->method, &row->acct);
	}
	return rc;
}

/* The factors of the accounts behind the indicator sets that the report's own accounts
 * do not cover: other methods (miit2016 reads cn-enterprise), and the year before where an
 * indicator compares with it (prev(...)). A year before without factors is skipped, as the
 * evaluation reports those indicators as missing. */
static int indicator_factors(struct store_handle *h, struct report *r, struct gp_err *err)
{
	const struct ind_set *sets[2] = {&r->zcp.set, &r->miit.set};
	bool need[2][METHOD_COUNT] = {{false}}; /* [0] the year, [1] the year before */
	struct scope park = {SCOPE_PARK, 0};
	double *prev = NULL;
	int rc = GP_OK;

	for (int s = 0; s < 2; s++)
		for (size_t k = 0; k < sets[s]->n; k++) {
			const struct ind_def *d = &sets[s]->defs[k];
			/* a row that names no method reads acct.* under zcp2025 */
			enum account_method m = METHOD_ZCP2025;
			if (!strstr(d->expr, "acct.") ||
			    (d->method[0] && account_method_parse(d->method, &m) != GP_OK))
				continue;
			need[0][m] = true;
			if (strstr(d->expr, "prev("))
				need[1][m] = true;
		}
	need[0][r->method] = false; /* merged from the report's own accounts */
	for (int y = 0; y < 2 && rc == GP_OK; y++)
		for (int m = 0; m < METHOD_COUNT && rc == GP_OK; m++) {
			struct account_input in = {r->year - y, (enum account_method)m,
						   r->park.grid, r->total.q};
			struct account_result a;
			struct gp_err ignored;
			if (!need[y][m])
				continue;
			if (y == 1) {
				if (!prev) {
					prev = xcalloc(r->lib->nitems ? r->lib->nitems : 1,
						       sizeof(double));
					rc = store_year_quantities(h, r->lib, r->year - 1, &park,
								   prev, err);
					if (rc != GP_OK)
						break;
				}
				in.q = prev;
			}
			if (account_compute(r->lib, &in, &a, y ? &ignored : err) != GP_OK) {
				if (y == 0)
					rc = err ? (int)err->status : GP_EFACTOR;
				continue;
			}
			factors_merge(r, (enum account_method)m, &a);
			account_result_release(&a);
		}
	free(prev);
	return rc;
}

int report_gather(struct store_handle *h, const struct factor_lib *lib, int year,
		  enum account_method method, struct report *r, struct gp_err *err)
{
	struct scope park = {SCOPE_PARK, 0};
	struct platform *plats = NULL;
	struct subpark *subs = NULL;
	bool seen[12];
	struct u64map at;
	int64_t *ids = NULL;
	double *eq = NULL;
	size_t np = 0, nsubs = 0, nids = 0, nitems = lib->nitems ? lib->nitems : 1;
	size_t s_first, m_first, none_count = 0;
	int rc;

	memset(r, 0, sizeof(*r));
	r->year = year;
	r->method = method;
	r->lib = lib;
	u64map_init(&at);
	if ((rc = h->ops->park_get(h->st, &r->park, err)) != GP_OK ||
	    (rc = h->ops->enterprise_list(h->st, NULL, &r->ents, &r->nents, err)) != GP_OK ||
	    (rc = h->ops->platform_list(h->st, &plats, &np, err)) != GP_OK ||
	    (rc = h->ops->subpark_list(h->st, &subs, &nsubs, err)) != GP_OK ||
	    (rc = store_year_quantities_by_enterprise(h, lib, year, &park, &ids, &eq, &nids,
						      err)) != GP_OK)
		goto done;
	enterprise_summarize(r->ents, r->nents, &r->summary);
	for (size_t i = 0; i < np; i++) {
		if (plats[i].kind == PLATFORM_RD)
			r->rd_platforms++;
		else
			r->innovation_platforms++;
		if ((unsigned)plats[i].level < LEVEL_COUNT)
			r->platforms_by_level[plats[i].level]++;
	}

	/* one block of quantities: the park, the enterprises, the sub-parks and "none",
	 * the twelve months */
	s_first = 1 + r->nents;
	m_first = s_first + nsubs + 1;
	r->q = xcalloc((m_first + 12) * nitems, sizeof(double));

	str_copy(r->total.label, sizeof(r->total.label), "park");
	r->total.q = r->q;
	r->total.has_data = nids > 0;
	if ((rc = store_year_quantities(h, lib, year, &park, r->q, err)) != GP_OK ||
	    (rc = row_compute(r, &r->total, err)) != GP_OK)
		goto done;

	for (size_t k = 0; k < nids; k++)
		u64map_put_new(&at, (uint64_t)ids[k], (int64_t)k, NULL);
	r->erows = xcalloc(r->nents ? r->nents : 1, sizeof(*r->erows));
	for (size_t i = 0; i < r->nents; i++) {
		struct report_row *row = &r->erows[i];
		double *q = &r->q[(1 + i) * nitems];
		int64_t k;
		str_copy(row->label, sizeof(row->label), r->ents[i].uscc);
		row->q = q;
		if (!u64map_get(&at, (uint64_t)r->ents[i].id, &k))
			continue;
		memcpy(q, &eq[(size_t)k * nitems], nitems * sizeof(double));
		row->has_data = true;
		if ((rc = row_compute(r, row, err)) != GP_OK)
			goto done;
	}

	/* sub-parks: the store's sums, as 'greenpark account --subpark' has them */
	r->srows = xcalloc(nsubs + 1, sizeof(*r->srows));
	r->nsubs = nsubs + 1;
	for (size_t s = 0; s <= nsubs; s++) {
		struct report_row *row = &r->srows[s];
		double *q = &r->q[(s_first + s) * nitems];
		row->q = q;
		str_copy(row->label, sizeof(row->label), s < nsubs ? subs[s].name : no_subpark);
		row->enterprises = s < nsubs ? subs[s].enterprises : 0;
		for (size_t i = 0; i < r->nents; i++) {
			bool in = s < nsubs ? strcmp(r->ents[i].subpark, subs[s].name) == 0
					    : r->ents[i].subpark[0] == '\0';
			if (!in)
				continue;
			if (s == nsubs) {
				none_count++;
				for (size_t k = 0; r->erows[i].has_data && k < nitems; k++)
					q[k] += r->erows[i].q[k];
			}
			row->has_data |= r->erows[i].has_data;
		}
		if (s == nsubs)
			row->enterprises = (long)none_count;
		if (!row->has_data)
			continue;
		if (s < nsubs) {
			struct scope sc = {SCOPE_SUBPARK, subs[s].id};
			if ((rc = store_year_quantities(h, lib, year, &sc, q, err)) != GP_OK)
				goto done;
		}
		if ((rc = row_compute(r, row, err)) != GP_OK)
			goto done;
	}
	if (none_count == 0)
		r->nsubs = nsubs; /* the "none" row stays empty and unlisted */

	/* the park month by month, as the dashboard's series has it */
	if ((rc = store_month_quantities(h, lib, year * 100 + 1, 12, &park, &r->q[m_first * nitems],
					 seen, err)) != GP_OK)
		goto done;
	for (int mth = 0; mth < 12; mth++) {
		struct report_row *row = &r->months[mth];
		char p[8];
		period_format(year * 100 + mth + 1, p);
		str_copy(row->label, sizeof(row->label), p);
		row->q = &r->q[(m_first + (size_t)mth) * nitems];
		row->has_data = seen[mth];
		if (row->has_data && (rc = row_compute(r, row, err)) != GP_OK)
			goto done;
	}

	if ((rc = evaluation_run(h, lib, "zcp2025", year, &park, "park", &r->zcp, err)) != GP_OK ||
	    (rc = evaluation_run(h, lib, "miit2016", year, &park, "park", &r->miit, err)) != GP_OK)
		goto done;
	rc = indicator_factors(h, r, err);
done:
	free(plats);
	free(subs);
	free(ids);
	free(eq);
	u64map_release(&at);
	if (rc != GP_OK)
		report_release(r);
	return rc;
}

static void row_release(struct report_row *row)
{
	if (row->computed)
		account_result_release(&row->acct);
	row->computed = false;
}

void report_release(struct report *r)
{
	row_release(&r->total);
	for (size_t i = 0; r->erows && i < r->nents; i++)
		row_release(&r->erows[i]);
	for (size_t i = 0; r->srows && i < r->nsubs; i++)
		row_release(&r->srows[i]);
	for (int m = 0; m < 12; m++)
		row_release(&r->months[m]);
	evaluation_release(&r->zcp);
	evaluation_release(&r->miit);
	free(r->erows);
	free(r->srows);
	free(r->ents);
	free(r->q);
	free(r->factors);
	memset(r, 0, sizeof(*r));
}

/* ---- the workbook ---- */

#define SHEET_COLS 64
#define FMT_CACHE  48

struct writer {
	lxw_workbook *wb;
	const struct report *r;
	lxw_format *head, *bold, *pct, *pct_bold;
	struct {
		char spec[128];
		bool bold;
		lxw_format *f;
	} fmts[FMT_CACHE];
	size_t nfmts;
};

/* A worksheet and the display width of the widest cell of each column so far. */
struct sheet {
	struct writer *w;
	lxw_worksheet *ws;
	double width[SHEET_COLS];
	double head_width[SHEET_COLS];
};

static void sheet_open(struct sheet *s, struct writer *w, const char *name)
{
	memset(s, 0, sizeof(*s));
	s->w = w;
	s->ws = workbook_add_worksheet(w->wb, name);
}

static void widen(struct sheet *s, lxw_col_t col, double width)
{
	if (col < SHEET_COLS && width > s->width[col])
		s->width[col] = width;
}

/* Sets every column to the width of its widest cell (a header counts up to HEAD_WRAP
 * columns and wraps beyond), and the header row's height to the lines its titles need. */
#define HEAD_WRAP 28

static void sheet_finish(struct sheet *s, lxw_row_t head_row, lxw_col_t ncols)
{
	int lines = 1;

	for (lxw_col_t c = 0; c < ncols && c < SHEET_COLS; c++) {
		double hw = s->head_width[c], head = hw < HEAD_WRAP ? hw : HEAD_WRAP;
		double w = s->width[c] > head ? s->width[c] : head;
		if (w > 78)
			w = 78;
		if (w < 4)
			w = 4;
		if (hw > 0 && (int)ceil(hw / w) > lines)
			lines = (int)ceil(hw / w);
		worksheet_set_column(s->ws, c, c, w + 2, NULL);
	}
	if (lines > 1)
		worksheet_set_row(s->ws, head_row, 15.0 * lines + 3, NULL);
}

/* The header row: titles "中文 English", bold on a tinted ground, wrapping; frozen with
 * freeze_cols columns at the left. */
static void put_head(struct sheet *s, lxw_row_t row, const char *const *titles, size_t n,
		     lxw_col_t freeze_cols)
{
	for (size_t i = 0; i < n && i < SHEET_COLS; i++) {
		worksheet_write_string(s->ws, row, (lxw_col_t)i, titles[i], s->w->head);
		s->head_width[i] = utf8_width(titles[i]) * 1.1; /* bold */
	}
	worksheet_freeze_panes(s->ws, row + 1, freeze_cols);
}

static void put_str(struct sheet *s, lxw_row_t row, lxw_col_t col, const char *text, lxw_format *f)
{
	if (!text || !*text)
		return;
	worksheet_write_string(s->ws, row, col, text, f);
	widen(s, col, utf8_width(text));
}

/* Text that may run on into the empty cells at its right: it does not widen its column. */
static void put_note(struct sheet *s, lxw_row_t row, lxw_col_t col, const char *text, lxw_format *f)
{
	if (text && *text)
		worksheet_write_string(s->ws, row, col, text, f);
}

/* The cell format "pattern" followed by the unit as literal text, e.g. #,##0.00" tCO2". */
static lxw_format *num_fmt(struct writer *w, const char *pattern, const char *unit, bool bold)
{
	char spec[128];
	size_t n;
	lxw_format *f;

	str_copy(spec, sizeof(spec), pattern);
	n = strlen(spec);
	if (unit && *unit && n + 4 < sizeof(spec)) {
		spec[n++] = '"';
		spec[n++] = ' ';
		for (const char *p = unit; *p && n + 2 < sizeof(spec); p++)
			if (*p != '"' && *p != '\\')
				spec[n++] = *p;
		spec[n++] = '"';
		spec[n] = '\0';
	}
	for (size_t i = 0; i < w->nfmts; i++)
		if (w->fmts[i].bold == bold && strcmp(w->fmts[i].spec, spec) == 0)
			return w->fmts[i].f;
	f = workbook_add_format(w->wb);
	format_set_num_format(f, spec);
	if (bold)
		format_set_bold(f);
	if (w->nfmts < FMT_CACHE) {
		str_copy(w->fmts[w->nfmts].spec, sizeof(w->fmts[w->nfmts].spec), spec);
		w->fmts[w->nfmts].bold = bold;
		w->fmts[w->nfmts++].f = f;
	}
	return f;
}

/* A number shown with `decimals` digits and the unit; NaN and infinities (a ratio with
 * nothing to divide by) leave the cell empty. */
static void put_num(struct sheet *s, lxw_row_t row, lxw_col_t col, double v, int decimals,
		    const char *unit, bool bold)
{
	static const char *const patterns[] = {"#,##0", "#,##0.0", "#,##0.00", "#,##0.000",
					       "#,##0.0000"};
	char shown[64];

	if (isnan(v) || isinf(v))
		return;
	if (decimals < 0 || decimals > 4)
		decimals = 4;
	worksheet_write_number(s->ws, row, col, v, num_fmt(s->w, patterns[decimals], unit, bold));
	num_format_grouped(shown, sizeof(shown), v, decimals);
	widen(s, col, strlen(shown) + (unit && *unit ? 1 + utf8_width(unit) : 0));
}

/* A fraction shown as a percentage (0.1234 → 12.34%). */
static void put_pct(struct sheet *s, lxw_row_t row, lxw_col_t col, double v, bool bold)
{
	char shown[64];

	if (isnan(v) || isinf(v))
		return;
	worksheet_write_number(s->ws, row, col, v, bold ? s->w->pct_bold : s->w->pct);
	str_fmt(shown, sizeof(shown), "%.2f%%", v * 100);
	widen(s, col, strlen(shown));
}

/* A number in the general format (factor values: as many digits as they have). */
static void put_general(struct sheet *s, lxw_row_t row, lxw_col_t col, double v)
{
	char shown[64];

	if (isnan(v) || isinf(v))
		return;
	worksheet_write_number(s->ws, row, col, v, NULL);
	str_fmt(shown, sizeof(shown), "%.10g", v);
	widen(s, col, strlen(shown));
}

/* A whole number without grouping (a year, a count that is a code). */
static void put_int(struct sheet *s, lxw_row_t row, lxw_col_t col, double v)
{
	char shown[64];

	worksheet_write_number(s->ws, row, col, v, num_fmt(s->w, "0", NULL, false));
	str_fmt(shown, sizeof(shown), "%.0f", v);
	widen(s, col, strlen(shown));
}

/* ---- 1. 汇总 Summary ---- */

struct line_ctx {
	struct sheet *s;
	lxw_row_t row;
};

static void line_str(struct line_ctx *l, const char *label, const char *value, const char *key)
{
	put_str(l->s, l->row, 0, label, NULL);
	put_str(l->s, l->row, 1, value, NULL);
	put_str(l->s, l->row, 2, key, NULL);
	l->row++;
}

/* A labelled number with its unit in the cell format; decimals < 0: a year (no grouping). */
static void line_num(struct line_ctx *l, const char *label, double v, int decimals,
		     const char *unit, const char *key)
{
	put_str(l->s, l->row, 0, label, NULL);
	if (decimals < 0)
		put_int(l->s, l->row, 1, v);
	else
		put_num(l->s, l->row, 1, v, decimals, unit, false);
	put_str(l->s, l->row, 2, key, NULL);
	l->row++;
}

static void line_pct(struct line_ctx *l, const char *label, double v, const char *key)
{
	put_str(l->s, l->row, 0, label, NULL);
	put_pct(l->s, l->row, 1, v, false);
	put_str(l->s, l->row, 2, key, NULL);
	l->row++;
}

static void line_section(struct line_ctx *l, const char *title)
{
	l->row++;
	put_note(l->s, l->row++, 0, title, l->s->w->bold);
}

static void summary_evaluation(struct line_ctx *l, const struct evaluation *ev, const char *title)
{
	char key[64];

	line_section(l, title);
	str_fmt(key, sizeof(key), "%s.summary.required_met", ev->standard);
	line_num(l, "必选指标达标 required indicators met", (double)ev->required_met, 0, "项", key);
	str_fmt(key, sizeof(key), "%s.summary.required_total", ev->standard);
	line_num(l, "必选指标 required indicators", (double)ev->required_total, 0, "项", key);
	str_fmt(key, sizeof(key), "%s.summary.optional_met", ev->standard);
	line_num(l, "可选指标达标 optional indicators met", (double)ev->optional_met, 0, "项", key);
	str_fmt(key, sizeof(key), "%s.summary.optional_total", ev->standard);
	line_num(l, "可选指标 optional indicators", (double)ev->optional_total, 0, "项", key);
}

static void summary_sheet(struct writer *w)
{
	static const char *const head[] = {"项目 Item", "数值 Value", "字段 Key"};
	const struct report *r = w->r;
	const struct account_result *a = &r->total.acct;
	struct sheet s;
	struct line_ctx l;
	char text[600];

	sheet_open(&s, w, "汇总 Summary");
	put_head(&s, 0, head, 3, 1);
	l.s = &s;
	l.row = 1;
	line_str(&l, "园区 Park", r->park.name, "park");
	if (r->park.sample)
		line_str(&l, "数据性质 Data", "示例数据 sample data (docs/demo.md)", "sample");
	line_num(&l, "年份 Year", r->year, -1, NULL, "year");
	line_str(&l, "核算方法 Accounting method", account_method_name(r->method), "method");
	str_fmt(text, sizeof(text), "%s %s", grid_region_name_zh(r->park.grid), r->park.grid);
	line_str(&l, "电网区域 Grid region", text, "grid");

	line_section(&l, "企业与平台 Enterprises and platforms");
	line_num(&l, "企业 enterprises", (double)r->summary.count, 0, "家", "enterprises");
	line_num(&l, "高新技术企业 high-tech enterprises", (double)r->summary.high_tech, 0, "家",
		 "high_tech");
	line_pct(&l, "高新技术企业占比 high-tech share", r->summary.high_tech_share,
		 "high_tech_share");
	line_num(&l, "专精特新企业 SRDI enterprises", (double)r->summary.srdi, 0, "家", "srdi");
	line_pct(&l, "专精特新企业占比 SRDI share", r->summary.srdi_share, "srdi_share");
	line_num(&l, "研发平台 R&D platforms", (double)r->rd_platforms, 0, "个", "rd_platforms");
	line_num(&l, "创新平台 innovation platforms", (double)r->innovation_platforms, 0, "个",
		 "innovation_platforms");
	for (int lv = 0; lv < LEVEL_COUNT; lv++) {
		char key[64];
		str_fmt(text, sizeof(text), "  %s平台 %s platforms",
			platform_level_name_zh((enum platform_level)lv),
			platform_level_name((enum platform_level)lv));
		str_fmt(key, sizeof(key), "platforms_by_level.%s",
			platform_level_name((enum platform_level)lv));
		line_num(&l, text, (double)r->platforms_by_level[lv], 0, "个", key);
	}

	line_section(&l, "能源与碳排放 Energy and CO2");
	line_num(&l, "综合能耗(当量值) energy, calorific", a->energy_tce, 2, "tce", "energy_tce");
	line_num(&l, "综合能耗(等价值) energy, equivalent", a->energy_tce_equivalent, 2, "tce",
		 "energy_tce_equivalent");
	line_num(&l, "二氧化碳排放 CO2 total", a->co2_t, 2, "tCO2", "co2_t");
	line_num(&l, "  燃料燃烧 fuel", a->co2_fuel_t, 2, "tCO2", "co2_t_by_source.fuel");
	line_num(&l, "  工业过程 process", a->co2_process_t, 2, "tCO2", "co2_t_by_source.process");
	line_num(&l, "  电力 electricity", a->co2_electricity_t, 2, "tCO2",
		 "co2_t_by_source.electricity");
	line_num(&l, "  热力 heat", a->co2_heat_t, 2, "tCO2", "co2_t_by_source.heat");
	line_num(&l, "单位能耗碳排放 CO2 per tce", a->co2_per_tce, 4, "tCO2/tce", "co2_per_tce");
	line_num(&l, "工业增加值 value added", a->value_added_wan_yuan, 2, "万元",
		 "value_added_wan_yuan");
	line_num(&l, "单位增加值碳排放 CO2 per 万元", a->co2_per_wan_yuan, 4, "tCO2/万元",
		 "co2_per_wan_yuan");
	line_num(&l, "单位增加值能耗 energy per 万元", a->tce_per_wan_yuan, 4, "tce/万元",
		 "tce_per_wan_yuan");
	line_num(&l, "可再生能源 renewable energy", a->renewable_tce, 2, "tce", "renewable_tce");
	line_num(&l, "清洁能源 clean energy", a->clean_tce, 2, "tce", "clean_tce");
	line_pct(&l, "清洁能源占比 clean-energy share", a->clean_share, "clean_share");
	line_pct(&l, "可再生能源占比 renewable share", a->renewable_share, "renewable_share");

	summary_evaluation(&l, &r->zcp, "零碳园区指标 zcp2025 (国家级零碳园区建设指标体系)");
	summary_evaluation(&l, &r->miit, "绿色园区指标 miit2016 (绿色园区评价要求)");
	if (a->nwarnings) {
		line_section(&l, "提示 Warnings");
		for (size_t i = 0; i < a->nwarnings; i++) {
			put_note(&s, l.row, 0, a->warnings[i], NULL);
			put_str(&s, l.row++, 2, "warnings", NULL);
		}
	}
	sheet_finish(&s, 0, 3);
}

/* ---- 2, 3. indicator sets ---- */

static const char *direction_label(enum ind_direction d)
{
	switch (d) {
	case DIR_MIN: return "≥ 下限 min";
	case DIR_MAX: return "≤ 上限 max";
	case DIR_BOOL: return "是否 yes/no";
	}
	return "";
}

static void indicator_sheet(struct writer *w, const char *name, const struct evaluation *ev)
{
	static const char *const head[] = {
	    "编号 Code",          "指标 Indicator",   "名称 Name", "类别 Group",
	    "必选 Required",      "数值 Value",       "单位 Unit", "目标 Target",
	    "方向 Direction",     "达标 Pass",        "差距 Gap",  "差距率 Gap %",
	    "超出量 Over target", "缺少数据 Missing", "说明 Note", "方法 Method",
	    "公式 Formula",       "来源 Source",
	};
	enum { NCOLS = sizeof(head) / sizeof(head[0]) };
	struct sheet s;
	lxw_format *yesno;
	lxw_row_t row = 1;
	char text[256];

	sheet_open(&s, w, name);
	put_head(&s, 0, head, NCOLS, 2);
	yesno = num_fmt(w, "\"是 yes\";\"是 yes\";\"否 no\"", NULL, false);
	for (size_t i = 0; i < ev->n; i++, row++) {
		const struct ind_result *res = &ev->results[i];
		const struct ind_def *d = res->def;
		put_str(&s, row, 0, d->variant_of[0] ? d->variant_of : d->code, NULL);
		put_str(&s, row, 1, d->name_zh, NULL);
		put_str(&s, row, 2, d->name_en, NULL);
		put_str(&s, row, 3, d->group, NULL);
		put_str(&s, row, 4, d->required ? "必选 required" : "可选 optional", NULL);
		if (d->direction == DIR_BOOL) {
			if (!isnan(res->value)) {
				worksheet_write_number(s.ws, row, 5, res->value, yesno);
				widen(&s, 5, 6);
			}
			if (!isnan(res->target)) {
				worksheet_write_number(s.ws, row, 7, res->target, yesno);
				widen(&s, 7, 6);
			}
		} else {
			put_num(&s, row, 5, res->value, 4, NULL, false);
			put_num(&s, row, 7, res->target, 2, NULL, false);
		}
		put_str(&s, row, 6, d->unit, NULL);
		put_str(&s, row, 8, direction_label(d->direction), NULL);
		put_str(&s, row, 9, res->pass < 0 ? "—" : res->pass ? "达标" : "未达标", NULL);
		put_num(&s, row, 10, res->gap, 4, NULL, false);
		put_num(&s, row, 11, res->gap_pct, 2, "%", false);
		if (d->gap_expr[0])
			put_num(&s, row, 12, res->gap_abs, 2, d->gap_unit, false);
		put_str(&s, row, 13, res->missing, NULL);
		put_str(&s, row, 14, res->note, NULL);
		put_str(&s, row, 15, d->method, NULL);
		put_str(&s, row, 16, d->formula, NULL);
		put_str(&s, row, 17, d->source, NULL);
	}
	str_fmt(text, sizeof(text),
		"必选指标达标 required met: %zu / %zu · 可选指标达标 optional met: %zu / %zu",
		ev->required_met, ev->required_total, ev->optional_met, ev->optional_total);
	worksheet_write_string(s.ws, row + 1, 0, text, w->bold);
	sheet_finish(&s, 0, NCOLS);
}

/* ---- 4, 5. enterprises and sub-parks: the same totals per row ---- */

/* The energy items some enterprise (or the park) used in the year: one column each. */
#define MAX_CARRIERS (SHEET_COLS - 24) /* room for the fixed columns */

struct carriers {
	int item[MAX_CARRIERS];
	size_t n;
};

static void carriers_find(const struct report *r, struct carriers *c)
{
	const struct factor_lib *lib = r->lib;

	c->n = 0;
	for (size_t i = 0; i < lib->nitems && c->n < MAX_CARRIERS; i++) {
		bool used = r->total.q[i] != 0;
		if (strcmp(lib->items[i].category, "energy") != 0)
			continue;
		for (size_t e = 0; !used && e < r->nents; e++)
			used = r->erows[e].has_data && r->erows[e].q[i] != 0;
		if (used)
			c->item[c->n++] = (int)i;
	}
}

/* Header titles, each owned. */
struct titles {
	char *s[SHEET_COLS];
	size_t n;
};

static void __attribute__((format(printf, 2, 3))) title_add(struct titles *t, const char *fmt, ...)
{
	va_list ap;
	char line[600];

	if (t->n >= SHEET_COLS)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	t->s[t->n++] = xstrdup(line);
}

static void titles_release(struct titles *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->s[i]);
	t->n = 0;
}

/* The water and waste columns: item codes. */
static const char *const flow_items[] = {"water_withdrawal", "water_reused",
					 "solid_waste_generated", "solid_waste_utilized"};
#define NFLOWS (sizeof(flow_items) / sizeof(flow_items[0]))

/* Titles of the totals block: one column per carrier, then energy, CO2 by source, value
 * added, intensities, water and waste. */
static void totals_titles(const struct report *r, const struct carriers *c, struct titles *t)
{
	for (size_t k = 0; k < c->n; k++) {
		const struct item *it = &r->lib->items[c->item[k]];
		title_add(t, "%s %s (tce)", it->name_zh, it->name_en);
	}
	title_add(t, "综合能耗(当量值) Energy, calorific (tce)");
	title_add(t, "综合能耗(等价值) Energy, equivalent (tce)");
	title_add(t, "燃料燃烧 CO2 fuel (tCO2)");
	title_add(t, "工业过程 CO2 process (tCO2)");
	title_add(t, "电力 CO2 electricity (tCO2)");
	title_add(t, "热力 CO2 heat (tCO2)");
	title_add(t, "二氧化碳合计 CO2 total (tCO2)");
	title_add(t, "工业增加值 Value added (万元)");
	title_add(t, "单位增加值碳排放 CO2 per 万元 (tCO2/万元)");
	title_add(t, "单位增加值能耗 Energy per 万元 (tce/万元)");
	for (size_t k = 0; k < NFLOWS; k++) {
		int i = factors_item_index(r->lib, flow_items[k]);
		if (i < 0)
			title_add(t, "%s", flow_items[k]);
		else
			title_add(t, "%s %s (%s)", r->lib->items[i].name_zh,
				  r->lib->items[i].name_en, r->lib->items[i].unit);
	}
}

static void put_totals(struct sheet *s, lxw_row_t row, lxw_col_t col, const struct report *r,
		       const struct carriers *c, const struct report_row *rr, bool bold)
{
	const struct account_result *a = &rr->acct;

	if (!rr->computed)
		return;
	for (size_t k = 0; k < c->n; k++, col++) {
		double tce = 0;
		for (size_t i = 0; i < a->nlines; i++)
			if (a->lines[i].item == c->item[k])
				tce = a->lines[i].tce;
		put_num(s, row, col, tce, 2, NULL, bold);
	}
	put_num(s, row, col++, a->energy_tce, 2, NULL, bold);
	put_num(s, row, col++, a->energy_tce_equivalent, 2, NULL, bold);
	put_num(s, row, col++, a->co2_fuel_t, 2, NULL, bold);
	put_num(s, row, col++, a->co2_process_t, 2, NULL, bold);
	put_num(s, row, col++, a->co2_electricity_t, 2, NULL, bold);
	put_num(s, row, col++, a->co2_heat_t, 2, NULL, bold);
	put_num(s, row, col++, a->co2_t, 2, NULL, bold);
	put_num(s, row, col++, a->value_added_wan_yuan, 2, NULL, bold);
	put_num(s, row, col++, a->co2_per_wan_yuan, 4, NULL, bold);
	put_num(s, row, col++, a->tce_per_wan_yuan, 4, NULL, bold);
	for (size_t k = 0; k < NFLOWS; k++, col++) {
		int i = factors_item_index(r->lib, flow_items[k]);
		if (i >= 0)
			put_num(s, row, col, rr->q[i], 2, NULL, bold);
	}
}

static void enterprise_sheet(struct writer *w, const struct carriers *c)
{
	const struct report *r = w->r;
	struct titles t = {{NULL}, 0};
	struct sheet s;
	lxw_row_t row = 1;
	const lxw_col_t first = 5;

	title_add(&t, "统一社会信用代码 USCC");
	title_add(&t, "企业名称 Name");
	title_add(&t, "子园区 Sub-park");
	title_add(&t, "行业代码 Industry (GB/T 4754)");
	title_add(&t, "主导产业 Leading industry");
	totals_titles(r, c, &t);
	sheet_open(&s, w, "企业 Enterprises");
	put_head(&s, 0, (const char *const *)t.s, t.n, 2);
	for (size_t i = 0; i < r->nents; i++, row++) {
		const struct enterprise *e = &r->ents[i];
		put_str(&s, row, 0, e->uscc, NULL);
		put_str(&s, row, 1, e->name, NULL);
		put_str(&s, row, 2, e->subpark, NULL);
		put_str(&s, row, 3, e->industry_code, NULL);
		put_str(&s, row, 4, leading_industry_name_zh(e->leading), NULL);
		if (!r->erows[i].has_data)
			put_str(&s, row, first, "无数据 no data", NULL);
		put_totals(&s, row, first, r, c, &r->erows[i], false);
	}
	if (r->nents)
		worksheet_autofilter(s.ws, 0, 0, row - 1, (lxw_col_t)(t.n - 1));
	put_str(&s, row + 1, 0, "园区合计 Park total", w->bold);
	put_totals(&s, row + 1, first, r, c, &r->total, true);
	sheet_finish(&s, 0, (lxw_col_t)t.n);
	titles_release(&t);
}

static void subpark_sheet(struct writer *w, const struct carriers *c)
{
	const struct report *r = w->r;
	struct titles t = {{NULL}, 0};
	struct sheet s;
	lxw_row_t row = 1;

	title_add(&t, "子园区 Sub-park");
	title_add(&t, "企业数 Enterprises");
	totals_titles(r, c, &t);
	sheet_open(&s, w, "子园区 Sub-parks");
	put_head(&s, 0, (const char *const *)t.s, t.n, 1);
	for (size_t i = 0; i < r->nsubs; i++, row++) {
		put_str(&s, row, 0, r->srows[i].label, NULL);
		put_num(&s, row, 1, (double)r->srows[i].enterprises, 0, NULL, false);
		if (!r->srows[i].has_data)
			put_str(&s, row, 2, "无数据 no data", NULL);
		put_totals(&s, row, 2, r, c, &r->srows[i], false);
	}
	put_str(&s, row, 0, "园区合计 Park total", w->bold);
	put_num(&s, row, 1, (double)r->summary.count, 0, NULL, true);
	put_totals(&s, row, 2, r, c, &r->total, true);
	sheet_finish(&s, 0, (lxw_col_t)t.n);
	titles_release(&t);
}

/* ---- 6. 月度 Monthly ---- */

static void monthly_sheet(struct writer *w)
{
	static const char *const head[] = {
	    "月份 Month",
	    "综合能耗(当量值) Energy, calorific (tce)",
	    "综合能耗(等价值) Energy, equivalent (tce)",
	    "燃料燃烧 CO2 fuel (tCO2)",
	    "工业过程 CO2 process (tCO2)",
	    "电力 CO2 electricity (tCO2)",
	    "热力 CO2 heat (tCO2)",
	    "二氧化碳合计 CO2 total (tCO2)",
	};
	enum { NCOLS = sizeof(head) / sizeof(head[0]) };
	const struct report *r = w->r;
	const char *name = "月度 Monthly";
	lxw_chart_options where = {0};
	struct sheet s;
	lxw_chart *chart;
	lxw_chart_series *series;
	char title[160];

	sheet_open(&s, w, name);
	put_head(&s, 0, head, NCOLS, 1);
	for (int m = 0; m <= 12; m++) {
		const struct report_row *rr = m < 12 ? &r->months[m] : &r->total;
		const struct account_result *a = &rr->acct;
		lxw_row_t row = (lxw_row_t)(m + 1);
		bool bold = m == 12;
		put_str(&s, row, 0, m < 12 ? rr->label : "全年 Year", bold ? w->bold : NULL);
		if (!rr->computed)
			continue;
		put_num(&s, row, 1, a->energy_tce, 2, NULL, bold);
		put_num(&s, row, 2, a->energy_tce_equivalent, 2, NULL, bold);
		put_num(&s, row, 3, a->co2_fuel_t, 2, NULL, bold);
		put_num(&s, row, 4, a->co2_process_t, 2, NULL, bold);
		put_num(&s, row, 5, a->co2_electricity_t, 2, NULL, bold);
		put_num(&s, row, 6, a->co2_heat_t, 2, NULL, bold);
		put_num(&s, row, 7, a->co2_t, 2, NULL, bold);
	}
	sheet_finish(&s, 0, NCOLS);

	chart = workbook_add_chart(w->wb, LXW_CHART_COLUMN);
	series = chart_add_series(chart, NULL, NULL);
	chart_series_set_categories(series, name, 1, 0, 12, 0);
	chart_series_set_values(series, name, 1, 7, 12, 7);
	chart_series_set_name(series, "二氧化碳 CO2 (tCO2)");
	str_fmt(title, sizeof(title), "%d 月度二氧化碳排放 Monthly CO2 (%s)", r->year,
		account_method_name(r->method));
	chart_title_set_name(chart, title);
	chart_axis_set_name(chart->x_axis, "月份 Month");
	chart_axis_set_name(chart->y_axis, "tCO2");
	chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
	where.x_scale = 1.6;
	where.y_scale = 1.3;
	worksheet_insert_chart_opt(s.ws, 15, 0, chart, &where);
}

/* ---- 7. 排放构成 CO2 by source ---- */

static void sources_sheet(struct writer *w)
{
	static const char *const head[] = {"来源 Source", "二氧化碳 CO2 (tCO2)", "占比 Share",
					   "字段 Key"};
	const struct account_result *a = &w->r->total.acct;
	const char *name = "排放构成 CO2 by source";
	const char *labels[4] = {"燃料燃烧 fuel", "工业过程 process", "电力 electricity",
				 "热力 heat"};
	const char *keys[4] = {"co2_t_by_source.fuel", "co2_t_by_source.process",
			       "co2_t_by_source.electricity", "co2_t_by_source.heat"};
	double v[4] = {a->co2_fuel_t, a->co2_process_t, a->co2_electricity_t, a->co2_heat_t};
	lxw_chart_options where = {0};
	struct sheet s;
	lxw_chart *chart;
	lxw_chart_series *series;

	sheet_open(&s, w, name);
	put_head(&s, 0, head, 4, 1);
	for (int i = 0; i < 4; i++) {
		put_str(&s, (lxw_row_t)i + 1, 0, labels[i], NULL);
		put_num(&s, (lxw_row_t)i + 1, 1, v[i], 2, NULL, false);
		put_pct(&s, (lxw_row_t)i + 1, 2, a->co2_t != 0 ? v[i] / a->co2_t : NAN, false);
		put_str(&s, (lxw_row_t)i + 1, 3, keys[i], NULL);
	}
	put_str(&s, 5, 0, "合计 total", w->bold);
	put_num(&s, 5, 1, a->co2_t, 2, NULL, true);
	put_pct(&s, 5, 2, a->co2_t != 0 ? 1.0 : NAN, true);
	put_str(&s, 5, 3, "co2_t", NULL);
	sheet_finish(&s, 0, 4);

	chart = workbook_add_chart(w->wb, LXW_CHART_PIE);
	series = chart_add_series(chart, NULL, NULL);
	chart_series_set_categories(series, name, 1, 0, 4, 0);
	chart_series_set_values(series, name, 1, 1, 4, 1);
	chart_series_set_name(series, "二氧化碳 CO2 (tCO2)");
	chart_series_set_labels(series);
	chart_series_set_labels_options(series, LXW_FALSE, LXW_TRUE, LXW_FALSE);
	chart_series_set_labels_percentage(series);
	chart_series_set_labels_position(series, LXW_CHART_LABEL_POSITION_OUTSIDE_END);
	chart_series_set_labels_leader_line(series);
	chart_title_set_name(chart, "二氧化碳排放构成 CO2 by source");
	chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
	where.x_scale = 1.3;
	where.y_scale = 1.3;
	worksheet_insert_chart_opt(s.ws, 7, 0, chart, &where);
}

/* ---- 8. 因子 Factors ---- */

static void factors_sheet(struct writer *w)
{
	static const char *const head[] = {
	    "方法 Method",        "核算年份 Year",       "因子 Factor",
	    "采用年份 Year used", "数值 Value",          "单位 Unit",
	    "可信度 Confidence",  "园区实测值 Override", "来源 Source",
	};
	enum { NCOLS = sizeof(head) / sizeof(head[0]) };
	const struct report *r = w->r;
	struct sheet s;

	sheet_open(&s, w, "因子 Factors");
	put_head(&s, 0, head, NCOLS, 3);
	for (size_t i = 0; i < r->nfactors; i++) {
		const struct factor_use *u = &r->factors[i].use;
		lxw_row_t row = (lxw_row_t)i + 1;
		char conf[64];
		put_str(&s, row, 0, account_method_name(r->factors[i].method), NULL);
		put_int(&s, row, 1, u->year_requested);
		put_str(&s, row, 2, u->key, NULL);
		if (u->year_used)
			put_int(&s, row, 3, u->year_used);
		else
			put_str(&s, row, 3, "—", NULL);
		put_general(&s, row, 4, u->value);
		put_str(&s, row, 5, u->unit, NULL);
		str_fmt(conf, sizeof(conf), "%s %s", confidence_name_zh(u->confidence),
			confidence_name(u->confidence));
		put_str(&s, row, 6, conf, NULL);
		put_str(&s, row, 7, u->override ? "是 yes" : "否 no", NULL);
		put_str(&s, row, 8, u->source, NULL);
	}
	sheet_finish(&s, 0, NCOLS);
}

int report_write_xlsx(const struct report *r, const char *path, struct gp_err *err)
{
	struct writer w;
	struct carriers c;
	lxw_doc_properties props;
	lxw_error lrc;
	FILE *f;
	char title[600], subject[64], author[] = "greenpark", sample[] = "示例数据 sample data";

	/* libxlsxwriter opens the file only when it closes the workbook, and then prints its
	 * own error; find out first, and say it once */
	if (!(f = fopen(path, "wb")))
		return gp_err_set(err, GP_EIO, "cannot write %s: %s", path, strerror(errno));
	fclose(f);
	memset(&w, 0, sizeof(w));
	w.r = r;
	w.wb = workbook_new(path);
	if (!w.wb)
		return gp_err_set(err, GP_EIO, "cannot create workbook %s", path);
	w.head = workbook_add_format(w.wb);
	format_set_bold(w.head);
	format_set_text_wrap(w.head);
	format_set_align(w.head, LXW_ALIGN_VERTICAL_TOP);
	format_set_bg_color(w.head, 0xDDEBF7);
	format_set_bottom(w.head, LXW_BORDER_THIN);
	w.bold = workbook_add_format(w.wb);
	format_set_bold(w.bold);
	w.pct = workbook_add_format(w.wb);
	format_set_num_format(w.pct, "0.00%");
	w.pct_bold = workbook_add_format(w.wb);
	format_set_num_format(w.pct_bold, "0.00%");
	format_set_bold(w.pct_bold);

	str_fmt(title, sizeof(title), "%s %d 园区报告 park report%s", r->park.name, r->year,
		r->park.sample ? " (示例数据 sample data)" : "");
	memset(&props, 0, sizeof(props));
	props.title = title;
	str_fmt(subject, sizeof(subject), "%s", account_method_name(r->method));
	props.subject = subject;
	props.author = author;
	props.comments = r->park.sample ? sample : NULL;
	workbook_set_properties(w.wb, &props);

	carriers_find(r, &c);
	summary_sheet(&w);
	indicator_sheet(&w, "零碳园区指标 zcp2025", &r->zcp);
	indicator_sheet(&w, "绿色园区指标 miit2016", &r->miit);
	enterprise_sheet(&w, &c);
	subpark_sheet(&w, &c);
	monthly_sheet(&w);
	sources_sheet(&w);
	factors_sheet(&w);
	lrc = workbook_close(w.wb);
	if (lrc != LXW_NO_ERROR)
		return gp_err_set(err, GP_EIO, "cannot write %s: %s", path, lxw_strerror(lrc));
	return GP_OK;
}
