/* pipeline.h — the investment pipeline (招商项目 "六位一体") and its environmental and
 * energy screening gate (环保一票否决): the project record, the stages and the rules of
 * moving between them, the screening rules and their evaluation, and the pipeline's
 * statistics (conversion between stages, time in each stage). Pure: no I/O, no store;
 * what the gate needs from the ledger (the park's account) comes in as numbers. */
#ifndef GP_PIPELINE_H
#define GP_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/factors.h"
#include "core/registry.h"
#include "util/err.h"

#define PROJECT_CODE_MAX   32 /* bytes of a project code */
#define PROJECT_ENERGY_MAX 16 /* energy carriers of one project */
#define PROJECT_TEXT_MAX   255
#define SCREEN_RULES_MAX   64

/* 储备 → 在谈 → 签约 → 落地 → 开工 → 建设 → 投产, and 终止 from any of them. */
enum stage {
	STAGE_RESERVE,
	STAGE_NEGOTIATING,
	STAGE_SIGNED,
	STAGE_LANDED,
	STAGE_STARTED,
	STAGE_BUILDING,
	STAGE_PRODUCING,
	STAGE_TERMINATED,
	STAGE_COUNT
};
#define STAGE_FLOW_COUNT STAGE_TERMINATED /* the stages of the forward flow */

/* Accepts the code (reserve …) or the Chinese name (储备 …). */
int stage_parse(const char *s, enum stage *out, struct gp_err *err);
const char *stage_code(enum stage s);
const char *stage_name_zh(enum stage s);

/* The pollutants under total-amount control (总量控制) a project declares, t a year. */
enum pollutant { POLL_SO2, POLL_NOX, POLL_VOC, POLL_PM, POLL_COD, POLL_NH3N, POLL_COUNT };
int pollutant_parse(const char *s, enum pollutant *out, struct gp_err *err);
const char *pollutant_code(enum pollutant p);    /* so2 nox voc pm cod nh3n */
const char *pollutant_name_zh(enum pollutant p); /* 二氧化硫 … */

/* One energy carrier of a project's expected yearly use: an item of items.csv in its
 * canonical unit. */
struct project_energy {
	char item[ITEM_CODE_MAX];
	double quantity;
};

struct project {
	int64_t id;
	char code[PROJECT_CODE_MAX + 1];
	char name[PROJECT_TEXT_MAX + 1];
	char investor[PROJECT_TEXT_MAX + 1];
	char uscc[USCC_LEN + 1]; /* the investor when it is an enterprise of the park; "" */
	char industry_code[8];   /* GB/T 4754-2017 */
	enum leading_industry leading;
	char subpark[NAME_MAX_BYTES + 1]; /* "" none */
	double investment_wan_yuan;
	double output_wan_yuan; /* expected yearly output value (产值) */
	double tax_wan_yuan;    /* expected yearly tax */
	double land_mu;         /* 亩 */
	double land_m2;
	bool high_tech;
	char talent[PROJECT_TEXT_MAX + 1];  /* 人才+项目 */
	char lead[64];                      /* 一个项目、一套班子: the lead */
	char members[PROJECT_TEXT_MAX + 1]; /* '；' or ';' separated */
	char department[128];               /* the department that carries it */
	double pollutants_t[POLL_COUNT];    /* expected, t a year */
	char key_list[128];                 /* e.g. 2022年山东省重点项目; "" */
	char note[PROJECT_TEXT_MAX + 1];
	struct project_energy energy[PROJECT_ENERGY_MAX];
	size_t nenergy;
	enum stage stage;
	char stage_since[11]; /* YYYY-MM-DD */
	enum stage reached;   /* the furthest stage of the flow it entered */
	char terminated_reason[PROJECT_TEXT_MAX + 1];
};

/* 1 亩 = 10000/15 m² (市制: 15 亩 = 1 公顷). */
#define M2_PER_MU (10000.0 / 15.0)

/* Checks a project's fields (code, name, amounts ≥ 0, land in 亩 and m² agreeing within
 * 1 %, energy items once each). GP_EINPUT naming the field. */
int project_validate(const struct project *p, struct gp_err *err);

/* ---- moving between stages ---- */

/* Whether a project at from may move to to: one stage forward; 终止 from any stage of
 * the flow with a reason; anything else (skipping, going back, reopening a terminated
 * project) only as an admin override with a reason. No move out of 投产 but an override.
 * GP_EINPUT saying what is allowed from `from`. */
int pipeline_move_check(enum stage from, enum stage to, bool override, bool admin,
			const char *reason, struct gp_err *err);

/* A move into 签约 or later from before 签约 passes the screening gate first. */
bool pipeline_move_screens(enum stage from, enum stage to);

/* ---- the screening gate ---- */

enum rule_kind {
	RULE_ENERGY_INTENSITY_MAX, /* tce per 万元 of expected output; param equivalent|calorific */
	RULE_CO2_INTENSITY_MAX,    /* t CO2 per 万元 of expected output */
	RULE_POLLUTANT_MAX,        /* param a pollutant code; t a year */
	RULE_RESTRICTED_INDUSTRY,    /* param an industry-code prefix; no threshold */
	RULE_PARK_CORE_MAX,          /* the park's zcp2025 t CO2/tce with the project added */
	RULE_PARK_CORE_INCREASE_MAX, /* the increase of that indicator the project causes */
	RULE_KIND_COUNT
};
int rule_kind_parse(const char *s, enum rule_kind *out, struct gp_err *err);
const char *rule_kind_code(enum rule_kind k);

struct screen_rule {
	char code[PROJECT_CODE_MAX + 1];
	enum rule_kind kind;
	char param[16];
	double threshold; /* NAN for restricted_industry */
	bool mandatory;   /* a failed mandatory rule vetoes; others warn */
	char name[PROJECT_TEXT_MAX + 1];
	char source[PROJECT_TEXT_MAX + 1];
};

/* Checks a rule: a param each kind understands (energy: equivalent|calorific, default
 * equivalent; pollutant: a pollutant code; restricted: an industry-code prefix), a finite
 * threshold ≥ 0 where the kind has one. Normalises param. */
int screen_rule_validate(struct screen_rule *r, struct gp_err *err);

/* What the gate looks at, computed by the caller from the project and the ledger. */
struct screen_inputs {
	double output_wan_yuan;
	double energy_tce;            /* 当量值 of the expected energy use */
	double energy_tce_equivalent; /* 等价值 */
	double co2_t;                 /* under the park's accounting method */
	double pollutants_t[POLL_COUNT];
	char industry_code[8];
	int park_year;           /* the ledger year of the park figures; 0 none */
	double park_core_before; /* the park's zcp2025 t CO2/tce; NAN when not known */
	double park_core_after;  /* with the project's energy added */
};

struct screen_result {
	size_t rule;      /* index into the rules evaluated */
	double value;     /* what was compared (NAN when it could not be computed) */
	bool applicable;  /* false: the rule does not apply (an intensity of a project with no
			     expected output, e.g. infrastructure); it then passes */
	bool pass;        /* value ≤ threshold (not above), or the industry not restricted */
	char detail[256]; /* the value against the limit, or why it could not be computed */
};

struct screen_outcome {
	bool vetoed; /* any mandatory rule failed */
	size_t failed_mandatory, failed_advisory;
	struct screen_result results[SCREEN_RULES_MAX];
	size_t n;
};

/* Evaluates every rule against the inputs. A limit holds when the value is not above
 * it. Intensities per 万元 do not apply to a project with no expected output (an
 * infrastructure project is judged on its totals: pollutants, the park indicator); a
 * park figure that cannot be computed (no ledger) fails — a veto gate that cannot see
 * does not let through. */
void screen_evaluate(const struct screen_rule *rules, size_t n, const struct screen_inputs *in,
		     struct screen_outcome *out);

/* ---- statistics ---- */

/* One stage entered by a project (the store's project_event rows). */
struct stage_event {
	int64_t project_id;
	enum stage to;
	long day; /* days since 1970-01-01 */
};

struct stage_time {
	size_t completed;         /* stays that ended (the project moved on) */
	double mean_days;         /* of completed stays; NAN when none */
	double median_days;       /* of completed stays; NAN when none */
	size_t current;           /* projects in the stage now */
	double current_mean_days; /* how long those have been in it so far; NAN when none */
};

/* Time in each stage from the events, grouped by project in the order they happened
 * (project_id ascending, then entry order); today closes the current stays. */
void pipeline_stage_times(const struct stage_event *ev, size_t n, long today,
			  struct stage_time out[STAGE_COUNT]);

/* Conversion between consecutive stages of the flow: reached[s] counts the projects
 * whose furthest stage is s or later; rate[s] = reached[s + 1] / reached[s] (NAN when
 * reached[s] is 0), for s from 储备 to 建设. */
void pipeline_conversion(const struct project *list, size_t n, size_t reached[STAGE_FLOW_COUNT],
			 double rate[STAGE_FLOW_COUNT - 1]);

#endif
