/* finance.h — the green-finance ledger (政银企对接): credit lines (授信) and loans (贷款) of
 * banks to the park's enterprises, their field rules and their totals. Pure: no I/O, no
 * store, no globals but constant tables. Never rounds a total: money is held in whole
 * fen (分, 0.01 yuan) as int64, so every sum is exact and the published figures
 * (232,200 万元 credit, 118,800 万元 loans) come out to the cent; doubles appear only at
 * the edge (finance_wan_yuan), where one division gives the nearest double.
 *
 * Green purpose: the six top-level categories of 绿色产业指导目录（2019年版）
 * (国家发展改革委等, 发改环资〔2019〕293号), plus "general" (一般用途, not green). */
#ifndef GP_FINANCE_H
#define GP_FINANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/registry.h"
#include "core/uscc.h"
#include "util/err.h"

#define FIN_BANK_MAX    128 /* bytes of a bank's name (as struct user's bank) */
#define FIN_REF_MAX     64  /* bytes of a contract number */
#define FIN_PROJECT_MAX 32  /* bytes of a project code (project.code in 0005_projects.sql) */
#define FIN_NOTE_MAX    255 /* bytes of a note */

#define FIN_FEN_PER_WAN_YUAN 1000000LL /* 1 万元 = 10,000 yuan = 1,000,000 分 */
/* One record's cap: 10,000,000 万元 (1,000 亿元). With at most FIN_MAX_RECORDS records a
 * sum stays below 1e18 分, inside int64. */
#define FIN_AMOUNT_MAX_FEN (10000000LL * FIN_FEN_PER_WAN_YUAN)
#define FIN_MAX_RECORDS    100000L
#define FIN_RATE_MAX_PCT                                                                           \
	36.0 /* 年利率 above 36 % is not protected by Chinese courts                            \
	      * (最高人民法院 民间借贷司法解释 2015, art. 26); no bank loan is       \
	      * above it */
#define FIN_TERM_MAX_MONTHS 600
#define FIN_YEAR_MIN        1990
#define FIN_YEAR_MAX        2100

enum fin_kind { FIN_CREDIT, FIN_LOAN, FIN_KIND_COUNT };

enum fin_purpose {
	PURPOSE_ENERGY_SAVING,        /* 节能环保产业 */
	PURPOSE_CLEAN_PRODUCTION,     /* 清洁生产产业 */
	PURPOSE_CLEAN_ENERGY,         /* 清洁能源产业 */
	PURPOSE_ECOLOGY,              /* 生态环境产业 */
	PURPOSE_GREEN_INFRASTRUCTURE, /* 基础设施绿色升级 */
	PURPOSE_GREEN_SERVICES,       /* 绿色服务 */
	PURPOSE_GENERAL,              /* 一般用途 (not green) */
	PURPOSE_COUNT
};

/* A credit line or a loan. Dates are YYYYMMDD integers. */
struct fin_record {
	int64_t id;
	enum fin_kind kind;
	char bank[FIN_BANK_MAX + 1];
	char ref[FIN_REF_MAX + 1]; /* contract number, unique per bank and kind */
	char uscc[USCC_LEN + 1];
	char enterprise[NAME_MAX_BYTES + 1]; /* the enterprise's name (lists) */
	char subpark[NAME_MAX_BYTES + 1];    /* its sub-park, "" none (lists) */
	int64_t amount_fen;                  /* > 0, at most FIN_AMOUNT_MAX_FEN */
	int start;                           /* granted (credit) or disbursed (loan) */
	int end;                             /* expires (credit) or maturity (loan); > start */
	double rate_pct;                     /* loans: annual rate 0-36 %; credits: NAN */
	int term_months;                     /* loans: 1-600; credits: 0 */
	enum fin_purpose purpose;
	char project[FIN_PROJECT_MAX + 1]; /* a project code of the pipeline, "" none */
	char note[FIN_NOTE_MAX + 1];
};

const char *fin_kind_name(enum fin_kind k);    /* "credit", "loan" */
const char *fin_kind_name_zh(enum fin_kind k); /* 授信, 贷款 */

/* Parses a purpose code (exact, lower case); the error lists the valid ones. */
int fin_purpose_parse(const char *s, enum fin_purpose *out, struct gp_err *err);
const char *fin_purpose_name(enum fin_purpose p);
const char *fin_purpose_name_zh(enum fin_purpose p);
bool fin_purpose_green(enum fin_purpose p);

/* Parses an amount in 万元 written as a plain decimal ("1200", "85.5", "0.000001") with
 * at most six decimals (one fen) into fen, exactly (no binary floating point on the
 * way). Errors name field and say the expected form: negative or zero, too many
 * decimals, above the cap, not a number. */
int fin_amount_parse(const char *field, const char *s, int64_t *fen, struct gp_err *err);

/* Parses a date YYYY-MM-DD (years 1990-2100, real calendar days) into YYYYMMDD. */
int fin_date_parse(const char *field, const char *s, int *yyyymmdd, struct gp_err *err);

/* Writes YYYYMMDD as "YYYY-MM-DD" into out (at least 11 bytes). */
void fin_date_format(int yyyymmdd, char *out, size_t outsz);

/* An amount in 万元 (the nearest double to fen / 10^6). */
double fin_wan_yuan(int64_t fen);

/* Checks one record's fields against each other and their ranges: amount, both dates,
 * end after start, for loans rate 0-36 % and term 1-600 months, purpose; the message
 * names the field and the expected form. Names (bank, ref, note) are checked as text:
 * non-empty where required, within their caps, valid UTF-8 without control characters. */
int fin_record_check(const struct fin_record *r, struct gp_err *err);

/* A text field: non-empty when required, at most max bytes, valid UTF-8 without control
 * characters; the message names field. */
int fin_text_check(const char *field, const char *s, size_t max, bool required, struct gp_err *err);

/* Totals of one group (a bank, an enterprise, a sub-park, a purpose, a year). */
struct fin_total {
	char key[NAME_MAX_BYTES + 1];  /* bank, USCC, sub-park ("" none), purpose code, year */
	char name[NAME_MAX_BYTES + 1]; /* the enterprise's name (by_enterprise); else "" */
	int64_t credit_fen, loan_fen;
	size_t credits, loans; /* records */
	size_t enterprises;    /* distinct enterprises with a record in the group */
};

struct fin_summary {
	int64_t credit_fen, loan_fen;
	size_t credits, loans;
	size_t enterprises_with_credit, enterprises_with_loans, enterprises; /* distinct */
	int64_t green_credit_fen, green_loan_fen;
	struct fin_total *by_bank; /* by credit, descending, then key */
	size_t nbank;
	struct fin_total *by_enterprise; /* by credit, descending, then key */
	size_t nenterprise;
	struct fin_total *by_subpark; /* by credit, descending, then key */
	size_t nsubpark;
	struct fin_total by_purpose[PURPOSE_COUNT]; /* in enum order */
	struct fin_total *by_year;                  /* ascending; year of start */
	size_t nyear;
};

/* Sums the records (credits and loans mixed, any order) into out (overwritten). The
 * caller frees out with fin_summary_release. */
void fin_summarize(const struct fin_record *recs, size_t n, struct fin_summary *out);
void fin_summary_release(struct fin_summary *s);

/* Green share of credit or loans (0-1; NAN when there is none). */
double fin_green_share(int64_t green_fen, int64_t total_fen);

#endif
