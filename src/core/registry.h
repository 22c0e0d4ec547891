/* registry.h — the park, its sub-parks, enterprises and R&D/innovation platforms:
 * the records, the rules that validate their fields, and summaries (counts and
 * shares). Pure: no I/O. */
#ifndef GP_REGISTRY_H
#define GP_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/uscc.h"
#include "util/err.h"

#define NAME_MAX_BYTES 255 /* cap on any name a person types */

enum leading_industry {
	LEADING_NEW_ENERGY_MATERIALS, /* 新能源新材料 */
	LEADING_NEW_TECH_EQUIPMENT,   /* 新技术新装备 */
	LEADING_HEALTH_FOOD,          /* 大健康食品 */
	LEADING_OTHER,
	LEADING_COUNT
};

enum platform_level { LEVEL_NATIONAL, LEVEL_PROVINCIAL, LEVEL_MUNICIPAL, LEVEL_COUNT };
/* rd: R&D platform (研发平台: 企业技术中心, 工程技术研究中心, 重点实验室 ...);
 * innovation: innovation platform (创新平台: 创新中心, 孵化器, 众创空间 ...). */
enum platform_kind { PLATFORM_RD, PLATFORM_INNOVATION, PLATFORM_KIND_COUNT };

struct park {
	int64_t id;
	char name[NAME_MAX_BYTES + 1];
	char region[NAME_MAX_BYTES + 1];
	char grid[32];     /* grid region for location-based factors: national, north, ... */
	double land_km2;   /* industrial land area */
	char timezone[64]; /* IANA name */
	bool sample;       /* the demo park: its data is sample data (示例数据) */
};

struct subpark {
	int64_t id;
	char name[NAME_MAX_BYTES + 1];
	long enterprises;
};

struct enterprise {
	int64_t id;
	char uscc[USCC_LEN + 1];
	char name[NAME_MAX_BYTES + 1];
	char subpark[NAME_MAX_BYTES + 1]; /* empty: none */
	char industry_code[8];            /* GB/T 4754-2017: optional section letter + 2-4 digits */
	enum leading_industry leading;
	bool high_tech;
	bool srdi; /* 专精特新 */
	int64_t employees;
	double land_m2;
};

struct platform {
	int64_t id;
	char name[NAME_MAX_BYTES + 1];
	enum platform_level level;
	enum platform_kind kind;
	char uscc[USCC_LEN + 1]; /* empty: a park-level platform */
	int year;                /* year recognised */
};

/* Finds s among count codes (or, when zh is not NULL, their Chinese names) and sets
 * *out to its index; else GP_EINPUT "FIELD 'S' is not one of a | b | c". The one parser
 * behind every enumerated field (leading industry, stage, category, purpose…). */
int code_table_parse(const char *field, const char *s, const char *const *codes,
		     const char *const *zh, int count, int *out, struct gp_err *err);

/* Field parsers. Each returns GP_OK or GP_EINPUT with a message that names the
 * field, quotes the value and gives the expected form. */
int leading_industry_parse(const char *s, enum leading_industry *out, struct gp_err *err);
const char *leading_industry_name(enum leading_industry l);
const char *leading_industry_name_zh(enum leading_industry l);
int platform_level_parse(const char *s, enum platform_level *out, struct gp_err *err);
const char *platform_level_name(enum platform_level l);
const char *platform_level_name_zh(enum platform_level l);
int platform_kind_parse(const char *s, enum platform_kind *out, struct gp_err *err);
const char *platform_kind_name(enum platform_kind k);
const char *platform_kind_name_zh(enum platform_kind k);
/* 1/0, true/false, yes/no, 是/否 (case-insensitive for the Latin forms). */
int bool_parse(const char *field, const char *s, bool *out, struct gp_err *err);
/* GB/T 4754-2017 industry code: an optional section letter A-T then 2 to 4 digits;
 * written upper-case into out[8]. */
int industry_code_parse(const char *s, char out[8], struct gp_err *err);
/* A name: non-empty, at most NAME_MAX_BYTES bytes, no control characters. */
int name_check(const char *field, const char *s, struct gp_err *err);
/* Grid regions of grid_factors.csv: national north northeast east central
 * northwest south southwest. */
int grid_region_check(const char *s, struct gp_err *err);
const char *grid_region_name_zh(const char *s);
/* Shape of an IANA time-zone name (Area/City, or UTC). Existence is checked by
 * the caller against the system's zone database. */
int timezone_check(const char *s, struct gp_err *err);

/* The fixed offset (seconds east of UTC) of a zone whose days are always 24 hours: the
 * zones of China and its neighbours without daylight saving (a table), UTC, and Etc/GMT±N
 * (POSIX sign: Etc/GMT-8 is UTC+8). false for any other zone: readings' hours, days and
 * months need a fixed offset, so 'park --timezone' refuses it. */
bool timezone_fixed_offset(const char *zone, int *offset_s);

/* Seconds east of UTC of the park's time zone (Asia/Shanghai: 28800; an empty or unknown
 * zone, which 'park --timezone' does not store, counts as UTC+8). */
int park_utc_offset(const struct park *p);

/* Counts of a list of enterprises. Shares are fractions (NAN when n is 0). */
struct enterprise_summary {
	size_t count;
	size_t high_tech;
	size_t srdi;
	double high_tech_share;
	double srdi_share;
	size_t by_leading[LEADING_COUNT];
	int64_t employees;
	double land_m2;
};
void enterprise_summarize(const struct enterprise *list, size_t n, struct enterprise_summary *out);

/* Sorts a registry list by id, then finds an enterprise in it by id (NULL: absent). */
void enterprises_sort_by_id(struct enterprise *list, size_t n);
const struct enterprise *enterprise_by_id(const struct enterprise *list, size_t n, int64_t id);

#endif
