/* cmd_finance.c — greenpark finance summary|credits|loans|banks: the green-finance ledger
 * (政银企对接). Thin: options → store lists (filtered in the query) → core/finance.c totals
 * → report/finance.c renderings (the API's keys) or a table. Never computes a total
 * itself; never writes (imports are 'greenpark import credits|loans'). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/finance.h"
#include "report/finance.h"
#include "store/store_finance.h"
#include "util/num.h"
#include "util/str.h"

struct fin_opts {
	struct fin_filter f;
	const char *enterprise; /* USCC as given */
	char uscc[USCC_LEN + 1];
	const char *xlsx;
};

/* Parses --bank, --enterprise, --year and (lists) --xlsx; returns 0 or the usage status. */
static int parse_opts(int argc, char **argv, bool lists, struct fin_opts *o)
{
	static const struct option opts[] = {
	    {"bank", required_argument, NULL, 'b'},
	    {"enterprise", required_argument, NULL, 'e'},
	    {"year", required_argument, NULL, 'y'},
	    {"xlsx", required_argument, NULL, 'x'},
	    {NULL, 0, NULL, 0},
	};
	struct gp_err err;
	int opt;

	memset(o, 0, sizeof(*o));
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'b':
			if (fin_text_check("--bank", optarg, FIN_BANK_MAX, true, &err) != GP_OK)
				return cli_usage(&cmd_finance, "%s", err.msg);
			o->f.bank = optarg;
			break;
		case 'e':
			if (uscc_normalize(optarg, o->uscc, &err) != GP_OK)
				return cli_usage(&cmd_finance, "--enterprise: %s", err.msg);
			o->enterprise = optarg;
			break;
		case 'y':
			if (!cli_parse_year(optarg, &o->f.year))
				return cli_usage(&cmd_finance,
						 "--year '%s' is not a year from 1990 to 2100",
						 optarg);
			break;
		case 'x':
			if (!lists)
				return cli_usage(
				    &cmd_finance,
				    "--xlsx applies to 'finance credits' and 'finance loans'");
			if (!optarg[0])
				return cli_usage(&cmd_finance, "--xlsx needs a file name");
			o->xlsx = optarg;
			break;
		case ':': return cli_usage(&cmd_finance, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_finance, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(&cmd_finance, "unexpected argument '%s'", argv[optind]);
	return 0;
}

/* Resolves --enterprise to its id in the filter. */
static int resolve_enterprise(struct store_handle *h, struct fin_opts *o)
{
	struct enterprise e;
	struct gp_err err;

	if (!o->enterprise)
		return 0;
	if (h->ops->enterprise_find(h->st, o->uscc, &e, &err) != GP_OK)
		return cli_fail(&err);
	o->f.enterprise_id = e.id;
	return 0;
}

/* "232,200.00 万元 (23.22 亿元)" */
static void money(int64_t fen, char *out, size_t outsz)
{
	char w[64], y[64];

	num_format_grouped(w, sizeof(w), fin_wan_yuan(fen), 2);
	num_format_grouped(y, sizeof(y), (double)fen / 1e10, 2);
	if (fen >= 10000LL * FIN_FEN_PER_WAN_YUAN)
		str_fmt(out, outsz, "%s 万元 (%s 亿元)", w, y);
	else
		str_fmt(out, outsz, "%s 万元", w);
}

static const struct table_col total_cols[] = {
    {"key", "", 0, false},
    {"name", "企业名称 Name", 0, false},
    {"credit_wan_yuan", "授信(万元) Credit", 2, true},
    {"credit_yi_yuan", "授信(亿元) Credit 10⁸", 2, true},
    {"loans_wan_yuan", "贷款(万元) Loans", 2, true},
    {"credits", "授信笔数 Lines", -2, true},
    {"loans", "贷款笔数 Loans", -2, true},
    {"enterprises", "企业数 Enterprises", -2, true},
};

/* One group list as a table titled title; key_title heads the first column. */
static void print_totals(const char *title, const char *key_title, const struct fin_total *list,
			 size_t n, bool names, bool purpose, bool enterprises)
{
	struct table_col cols[8];
	struct table t;
	size_t nc = 0, map[8];

	for (size_t i = 0; i < 8; i++) {
		if ((i == 1 && !names) || (i == 7 && !enterprises))
			continue;
		cols[nc] = total_cols[i];
		if (i == 0)
			cols[nc].title = key_title;
		map[i] = nc++;
	}
	table_init(&t, cols, nc);
	for (size_t i = 0; i < n; i++) {
		const struct fin_total *x = &list[i];
		char key[NAME_MAX_BYTES + 64];
		enum fin_purpose p;
		if (purpose && fin_purpose_parse(x->key, &p, NULL) == GP_OK)
			str_fmt(key, sizeof(key), "%s %s", fin_purpose_name_zh(p), x->key);
		else
			str_copy(key, sizeof(key), x->key[0] ? x->key : "未分园区 none");
		table_row(&t);
		table_str(&t, map[0], key);
		if (names)
			table_str(&t, map[1], x->name);
		table_num(&t, map[2], fin_wan_yuan(x->credit_fen));
		table_num(&t, map[3], (double)x->credit_fen / 1e10);
		table_num(&t, map[4], fin_wan_yuan(x->loan_fen));
		table_num(&t, map[5], (double)x->credits);
		table_num(&t, map[6], (double)x->loans);
		if (enterprises)
			table_num(&t, map[7], (double)x->enterprises);
	}
	printf("\n");
	table_print(&t, FMT_TABLE, title, stdout);
	table_release(&t);
}

/* Prints s as one CSV field (RFC 4180 quoting when needed). */
static void csv_field(const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

static int summary_run(struct cli *c, struct store_handle *h, struct fin_opts *o)
{
	struct fin_record *recs;
	struct fin_summary s;
	struct gp_err err;
	size_t n;
	char a[128], b[128];

	if (fin_records_load(h, &o->f, &recs, &n, &err) != GP_OK)
		return cli_fail(&err);
	fin_summarize(recs, n, &s);
	free(recs);
	if (c->format == FMT_JSON) {
		json_t *j = fin_summary_json(&s, &o->f, o->enterprise ? o->uscc : NULL);
		json_print(j, stdout);
		json_decref(j);
	} else if (c->format == FMT_CSV) {
		/* one row per group: dimension,key,name,credit_wan_yuan,loans_wan_yuan,... */
		printf("dimension,key,name,credit_wan_yuan,loans_wan_yuan,credits,loans,"
		       "enterprises\n");
		printf("total,,,%.6f,%.6f,%zu,%zu,%zu\n", fin_wan_yuan(s.credit_fen),
		       fin_wan_yuan(s.loan_fen), s.credits, s.loans, s.enterprises);
		{
			const struct {
				const char *dim;
				const struct fin_total *list;
				size_t n;
			} g[] = {{"bank", s.by_bank, s.nbank},
				 {"enterprise", s.by_enterprise, s.nenterprise},
				 {"subpark", s.by_subpark, s.nsubpark},
				 {"purpose", s.by_purpose, PURPOSE_COUNT},
				 {"year", s.by_year, s.nyear}};
			for (size_t k = 0; k < sizeof(g) / sizeof(g[0]); k++)
				for (size_t i = 0; i < g[k].n; i++) {
					const struct fin_total *x = &g[k].list[i];
					printf("%s,", g[k].dim);
					csv_field(x->key);
					putchar(',');
					csv_field(x->name);
					printf(",%.6f,%.6f,%zu,%zu,%zu\n",
					       fin_wan_yuan(x->credit_fen),
					       fin_wan_yuan(x->loan_fen), x->credits, x->loans,
					       x->enterprises);
				}
		}
	} else {
		money(s.credit_fen, a, sizeof(a));
		money(s.loan_fen, b, sizeof(b));
		printf("绿色金融台账 green-finance ledger (政银企对接)");
		if (o->f.bank)
			printf(" · 银行 bank %s", o->f.bank);
		if (o->enterprise)
			printf(" · 企业 enterprise %s", o->uscc);
		if (o->f.year)
			printf(" · %d 年 year", o->f.year);
		printf("\n  授信 credit:  %s · %zu 笔 lines · %zu 家企业 enterprises\n", a,
		       s.credits, s.enterprises_with_credit);
		printf("  贷款 loans:   %s · %zu 笔 loans · %zu 家企业 enterprises\n", b, s.loans,
		       s.enterprises_with_loans);
		if (s.credits || s.loans)
			printf(
			    "  绿色占比 green share: 授信 credit %.1f%% · 贷款 loans %.1f%% "
			    "(绿色产业指导目录 2019)\n",
			    s.credit_fen ? 100 * fin_green_share(s.green_credit_fen, s.credit_fen)
					 : 0,
			    s.loan_fen ? 100 * fin_green_share(s.green_loan_fen, s.loan_fen) : 0);
		print_totals("按银行 by bank", "银行 Bank", s.by_bank, s.nbank, false, false, true);
		print_totals("按用途 by purpose", "用途 Purpose", s.by_purpose, PURPOSE_COUNT,
			     false, true, true);
		print_totals("按年份 by year (授信日/放款日 of grant or disbursement)", "年份 Year",
			     s.by_year, s.nyear, false, false, true);
		print_totals("按子园区 by sub-park", "子园区 Sub-park", s.by_subpark, s.nsubpark,
			     false, false, true);
		print_totals("按企业 by enterprise", "统一社会信用代码 USCC", s.by_enterprise,
			     s.nenterprise, true, false, false);
	}
	fin_summary_release(&s);
	return 0;
}

static int list_run(struct cli *c, struct store_handle *h, enum fin_kind k, struct fin_opts *o)
{
	static const struct table_col credit_cols[] = {
	    {"bank", "银行 Bank", 0, false},
	    {"ref", "合同编号 Contract", 0, false},
	    {"uscc", "统一社会信用代码 USCC", 0, false},
	    {"enterprise", "企业 Enterprise", 0, false},
	    {"amount_wan_yuan", "金额(万元) Amount", 2, true},
	    {"granted", "授信日 Granted", 0, false},
	    {"expires", "到期日 Expires", 0, false},
	    {"purpose", "用途 Purpose", 0, false},
	    {"project", "项目 Project", 0, false},
	    {"note", "备注 Note", 0, false},
	};
	static const struct table_col loan_cols[] = {
	    {"bank", "银行 Bank", 0, false},
	    {"ref", "合同编号 Contract", 0, false},
	    {"uscc", "统一社会信用代码 USCC", 0, false},
	    {"enterprise", "企业 Enterprise", 0, false},
	    {"amount_wan_yuan", "金额(万元) Amount", 2, true},
	    {"disbursed", "放款日 Disbursed", 0, false},
	    {"maturity", "到期日 Maturity", 0, false},
	    {"rate_pct", "年利率% Rate", 2, true},
	    {"term_months", "期限(月) Term", -1, true},
	    {"purpose", "用途 Purpose", 0, false},
	    {"project", "项目 Project", 0, false},
	    {"note", "备注 Note", 0, false},
	};
	const bool loan = k == FIN_LOAN;
	struct fin_record *recs;
	struct gp_err err;
	struct table t;
	int64_t sum = 0;
	size_t n;

	if (h->ops->finance->record_list(h->st, k, &o->f, &recs, &n, &err) != GP_OK)
		return cli_fail(&err);
	if (o->xlsx) {
		json_t *rows = fin_records_json(recs, n);
		const struct xlsx_col *cols;
		size_t ncols;
		char title[512];
		int rc;
		cols = fin_xlsx_cols(k, &ncols);
		fin_xlsx_title(k, &o->f, title, sizeof(title));
		rc = xlsx_list_write(o->xlsx, fin_xlsx_sheet(k), title, cols, ncols, rows, &err);
		json_decref(rows);
		free(recs);
		if (rc != GP_OK) {
			unlink(o->xlsx);
			return cli_fail(&err);
		}
		printf("已写出 wrote %s: %zu %s (%s)\n", o->xlsx, n,
		       loan ? "loans" : "credit lines", loan ? "贷款" : "授信");
		return 0;
	}
	table_init(&t, loan ? loan_cols : credit_cols, loan ? 12 : 10);
	for (size_t i = 0; i < n; i++) {
		const struct fin_record *r = &recs[i];
		char d1[16], d2[16], purpose[96];
		size_t col = 0;
		fin_date_format(r->start, d1, sizeof(d1));
		fin_date_format(r->end, d2, sizeof(d2));
		if (c->format == FMT_TABLE)
			str_fmt(purpose, sizeof(purpose), "%s", fin_purpose_name_zh(r->purpose));
		else
			str_copy(purpose, sizeof(purpose), fin_purpose_name(r->purpose));
		sum += r->amount_fen;
		table_row(&t);
		table_str(&t, col++, r->bank);
		table_str(&t, col++, r->ref);
		table_str(&t, col++, r->uscc);
		table_str(&t, col++, r->enterprise);
		table_num(&t, col++, fin_wan_yuan(r->amount_fen));
		table_str(&t, col++, d1);
		table_str(&t, col++, d2);
		if (loan) {
			table_num(&t, col++, r->rate_pct);
			table_num(&t, col++, (double)r->term_months);
		}
		table_str(&t, col++, purpose);
		table_str(&t, col++, r->project[0] ? r->project : NULL);
		table_str(&t, col++, r->note);
	}
	table_print(&t, c->format, NULL, stdout);
	if (c->format == FMT_TABLE) {
		char m[128];
		money(sum, m, sizeof(m));
		printf("\n共 %zu 笔%s %s · 合计 total %s\n", n, loan ? "贷款" : "授信",
		       loan ? "loans" : "credit lines", m);
	}
	table_release(&t);
	free(recs);
	return 0;
}

static int banks_run(struct cli *c, struct store_handle *h, struct fin_opts *o)
{
	static const struct table_col cols[] = {
	    {"bank", "银行 Bank", 0, false},
	    {"credits", "授信笔数 Lines", -2, true},
	    {"credit_wan_yuan", "授信(万元) Credit", 2, true},
	    {"loans", "贷款笔数 Loans", -2, true},
	    {"loans_wan_yuan", "贷款(万元) Loans", 2, true},
	};
	struct fin_bank *list;
	struct gp_err err;
	struct table t;
	size_t n;

	if (h->ops->finance->bank_list(h->st, &o->f, &list, &n, &err) != GP_OK)
		return cli_fail(&err);
	table_init(&t, cols, 5);
	for (size_t i = 0; i < n; i++) {
		table_row(&t);
		table_str(&t, 0, list[i].name);
		table_num(&t, 1, (double)list[i].credits);
		table_num(&t, 2, fin_wan_yuan(list[i].credit_fen));
		table_num(&t, 3, (double)list[i].loans);
		table_num(&t, 4, fin_wan_yuan(list[i].loan_fen));
	}
	table_print(&t, c->format, NULL, stdout);
	table_release(&t);
	free(list);
	return 0;
}

static int run(struct cli *c, int argc, char **argv)
{
	const char *action = argc > 1 ? argv[1] : "";
	struct store_handle h;
	struct fin_opts o;
	bool lists = strcmp(action, "credits") == 0 || strcmp(action, "loans") == 0;
	int rc;

	if (!lists && strcmp(action, "summary") && strcmp(action, "banks"))
		return cli_usage(&cmd_finance, "expected summary, credits, loans or banks");
	if ((rc = parse_opts(argc - 1, argv + 1, lists, &o)) != 0)
		return rc;
	if ((rc = cli_open(c, &h)) != 0)
		return rc;
	if (!h.ops->finance) {
		store_close(&h);
		return cli_failf("this store backend has no green-finance ledger");
	}
	if ((rc = resolve_enterprise(&h, &o)) == 0) {
		if (strcmp(action, "summary") == 0)
			rc = summary_run(c, &h, &o);
		else if (strcmp(action, "banks") == 0)
			rc = banks_run(c, &h, &o);
		else
			rc = list_run(c, &h, strcmp(action, "loans") == 0 ? FIN_LOAN : FIN_CREDIT,
				      &o);
	}
	store_close(&h);
	return rc;
}

const struct command cmd_finance = {
    "finance", run, "绿色金融台账（政银企对接） green-finance ledger: credit lines and loans",
    "usage: greenpark finance summary [--year Y] [--bank NAME] [--enterprise USCC]\n"
    "                                 [--format table|json|csv]\n"
    "       greenpark finance credits|loans [--bank NAME] [--enterprise USCC] [--year Y]\n"
    "                                       [--xlsx FILE] [--format table|json|csv]\n"
    "       greenpark finance banks [--bank NAME] [--enterprise USCC] [--year Y]\n"
    "\n"
    "The green-finance ledger (政银企对接): banks' credit lines (授信) and loans (贷款) to the\n"
    "park's enterprises, imported with 'greenpark import credits|loans FILE'.\n"
    "\n"
    "summary  授信 and 贷款 totals in 万元 (and 亿元), the enterprises with credit and with loans\n"
    "         (distinct), the green share (purposes of 绿色产业指导目录（2019年版）, 发改环资\n"
    "         〔2019〕293号, against 一般用途 general), and the totals by bank, purpose, year of\n"
    "         grant or disbursement, sub-park and enterprise. Every total is computed from the\n"
    "         records (exact to the fen), never typed. --format json prints the keys of\n"
    "         GET /api/v1/finance/summary (credit_wan_yuan, loans_wan_yuan,\n"
    "         enterprises_with_credit, by_bank, ...; docs/finance.md).\n"
    "credits  the credit lines, by grant date; loans: the loans, by disbursement date.\n"
    "         --xlsx FILE writes the list as an Excel workbook instead.\n"
    "banks    the banks with their number of lines and loans and their sums.\n"
    "\n"
    "Filters (all apply together): --bank NAME (exact), --enterprise USCC, --year Y (the year\n"
    "of grant for credit lines, of disbursement for loans).\n"};
