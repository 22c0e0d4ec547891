/* registry.c — field rules of the registry. */
#include "core/registry.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"
#include "util/utf8.h"

static const char *const leading_names[LEADING_COUNT] = {
    "new_energy_materials", "new_tech_equipment", "health_food", "other"};
static const char *const leading_zh[LEADING_COUNT] = {"新能源新材料", "新技术新装备", "大健康食品",
						      "其他"};
static const char *const level_names[LEVEL_COUNT] = {"national", "provincial", "municipal"};
static const char *const level_zh[LEVEL_COUNT] = {"国家级", "省级", "市级"};
static const char *const kind_names[PLATFORM_KIND_COUNT] = {"rd", "innovation"};
static const char *const kind_zh[PLATFORM_KIND_COUNT] = {"研发平台", "创新平台"};

int code_table_parse(const char *field, const char *s, const char *const *names,
		     const char *const *zh, int count, int *out, struct gp_err *err)
{
	struct buf list;

	for (int i = 0; i < count; i++)
		if (strcmp(s, names[i]) == 0 || (zh && strcmp(s, zh[i]) == 0)) {
			*out = i;
			return GP_OK;
		}
	buf_init(&list, 512);
	for (int i = 0; i < count; i++)
		buf_addf(&list, "%s%s", i ? " | " : "", names[i]);
	gp_err_set(err, GP_EINPUT, "%s '%s' is not one of %s", field, s, list.data);
	buf_release(&list);
	return GP_EINPUT;
}

int leading_industry_parse(const char *s, enum leading_industry *out, struct gp_err *err)
{
	int v, rc = code_table_parse("leading_industry", s, leading_names, leading_zh,
				     LEADING_COUNT, &v, err);
	if (rc == GP_OK)
		*out = (enum leading_industry)v;
	return rc;
}

const char *leading_industry_name(enum leading_industry l)
{
	return (unsigned)l < LEADING_COUNT ? leading_names[l] : "?";
}

const char *leading_industry_name_zh(enum leading_industry l)
{
	return (unsigned)l < LEADING_COUNT ? leading_zh[l] : "?";
}

int platform_level_parse(const char *s, enum platform_level *out, struct gp_err *err)
{
	int v, rc = code_table_parse("level", s, level_names, level_zh, LEVEL_COUNT, &v, err);
	if (rc == GP_OK)
		*out = (enum platform_level)v;
	return rc;
}

const char *platform_level_name(enum platform_level l)
{
	return (unsigned)l < LEVEL_COUNT ? level_names[l] : "?";
}

const char *platform_level_name_zh(enum platform_level l)
{
	return (unsigned)l < LEVEL_COUNT ? level_zh[l] : "?";
}

int platform_kind_parse(const char *s, enum platform_kind *out, struct gp_err *err)
{
	int v, rc = code_table_parse("kind", s, kind_names, kind_zh, PLATFORM_KIND_COUNT, &v, err);
	if (rc == GP_OK)
		*out = (enum platform_kind)v;
	return rc;
}

const char *platform_kind_name(enum platform_kind k)
{
	return (unsigned)k < PLATFORM_KIND_COUNT ? kind_names[k] : "?";
}

const char *platform_kind_name_zh(enum platform_kind k)
{
	return (unsigned)k < PLATFORM_KIND_COUNT ? kind_zh[k] : "?";
}

int bool_parse(const char *field, const char *s, bool *out, struct gp_err *err)
{
	if (strcmp(s, "1") == 0 || str_eq_nocase(s, "true") || str_eq_nocase(s, "yes") ||
	    strcmp(s, "是") == 0) {
		*out = true;
		return GP_OK;
	}
	if (strcmp(s, "0") == 0 || str_eq_nocase(s, "false") || str_eq_nocase(s, "no") ||
	    strcmp(s, "否") == 0) {
		*out = false;
		return GP_OK;
	}
	return gp_err_set(err, GP_EINPUT,
			  "%s '%s' is not a yes/no value (expected 1/0, true/false or 是/否)",
			  field, s);
}

int industry_code_parse(const char *s, char out[8], struct gp_err *err)
{
	size_t n = strlen(s), i = 0, digits;
	char c0 = s[0];

	if (c0 >= 'a' && c0 <= 'z')
		c0 = (char)(c0 - 'a' + 'A');
	if (n > 0 && c0 >= 'A' && c0 <= 'T') {
		out[0] = c0;
		i = 1;
	}
	digits = n - i;
	if (digits < 2 || digits > 4)
		goto bad;
	for (size_t k = i; k < n; k++) {
		if (s[k] < '0' || s[k] > '9')
			goto bad;
		out[k] = s[k];
	}
	out[n] = '\0';
	return GP_OK;
bad:
	return gp_err_set(err, GP_EINPUT,
			  "industry_code '%s' is not a GB/T 4754-2017 code (expected an optional "
			  "letter A-T and 2-4 digits, e.g. C3841)",
			  s);
}

int name_check(const char *field, const char *s, struct gp_err *err)
{
	size_t n = strlen(s);

	if (n == 0)
		return gp_err_set(err, GP_EINPUT, "%s is empty", field);
	if (n > NAME_MAX_BYTES)
		return gp_err_set(err, GP_EINPUT, "%s is %zu bytes long (at most %d)", field, n,
				  NAME_MAX_BYTES);
	if (!utf8_valid(s, n))
		return gp_err_set(err, GP_EINPUT, "%s is not valid UTF-8", field);
	/* C0, DEL and C1 (U+0080-U+009F, in valid UTF-8 the pairs C2 80 .. C2 9F). */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F ||
		    ((unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] < 0xA0))
			return gp_err_set(err, GP_EINPUT, "%s contains a control character", field);
	return GP_OK;
}

static const char *const grid_names[] = {"national", "north",     "northeast", "east",
					 "central",  "northwest", "south",     "southwest"};
static const char *const grid_zh[] = {"全国", "华北", "东北", "华东",
				      "华中", "西北", "南方", "西南"};

int grid_region_check(const char *s, struct gp_err *err)
{
	int v;
	return code_table_parse("grid", s, grid_names, NULL, 8, &v, err);
}

const char *grid_region_name_zh(const char *s)
{
	for (int i = 0; i < 8; i++)
		if (strcmp(s, grid_names[i]) == 0)
			return grid_zh[i];
	return s;
}

int timezone_check(const char *s, struct gp_err *err)
{
	size_t n = strlen(s);
	bool ok = n > 0 && n < 64 && s[0] != '/' && s[n - 1] != '/' && strstr(s, "..") == NULL;

	for (size_t i = 0; ok && i < n; i++) {
		char c = s[i];
		ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		     c == '/' || c == '_' || c == '-' || c == '+';
	}
	if (!ok)
		return gp_err_set(
		    err, GP_EINPUT,
		    "time zone '%s' is not an IANA zone name (expected e.g. Asia/Shanghai)", s);
	return GP_OK;
}

void enterprise_summarize(const struct enterprise *list, size_t n, struct enterprise_summary *out)
{
	memset(out, 0, sizeof(*out));
	out->count = n;
	for (size_t i = 0; i < n; i++) {
		out->high_tech += list[i].high_tech;
		out->srdi += list[i].srdi;
		if ((unsigned)list[i].leading < LEADING_COUNT)
			out->by_leading[list[i].leading]++;
		out->employees += list[i].employees;
		out->land_m2 += list[i].land_m2;
	}
	out->high_tech_share = n ? (double)out->high_tech / (double)n : NAN;
	out->srdi_share = n ? (double)out->srdi / (double)n : NAN;
}

static int cmp_ent_id(const void *a, const void *b)
{
	int64_t x = ((const struct enterprise *)a)->id, y = ((const struct enterprise *)b)->id;
	return (x > y) - (x < y);
}

void enterprises_sort_by_id(struct enterprise *list, size_t n)
{
	if (n)
		qsort(list, n, sizeof(*list), cmp_ent_id);
}

const struct enterprise *enterprise_by_id(const struct enterprise *list, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (list[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && list[lo].id == id ? &list[lo] : NULL;
}

bool timezone_fixed_offset(const char *zone, int *offset_s)
{
	/* zones without daylight saving now and since 2000 (IANA tz database) */
	static const struct {
		const char *zone;
		int offset_s;
	} fixed[] = {
	    {"Asia/Shanghai", 8 * 3600},
	    {"Asia/Chongqing", 8 * 3600},
	    {"Asia/Harbin", 8 * 3600},
	    {"Asia/Hong_Kong", 8 * 3600},
	    {"Asia/Macau", 8 * 3600},
	    {"Asia/Taipei", 8 * 3600},
	    {"Asia/Urumqi", 6 * 3600},
	    {"Asia/Singapore", 8 * 3600},
	    {"Asia/Kuala_Lumpur", 8 * 3600},
	    {"Asia/Manila", 8 * 3600},
	    {"Asia/Tokyo", 9 * 3600},
	    {"Asia/Seoul", 9 * 3600},
	    {"Asia/Bangkok", 7 * 3600},
	    {"Asia/Jakarta", 7 * 3600},
	    {"Asia/Kolkata", 19800},
	    {"Asia/Dubai", 4 * 3600},
	    {"UTC", 0},
	    {"Etc/UTC", 0},
	    {"Etc/GMT", 0},
	};
	const char *s;
	int h = 0;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (strcmp(zone, fixed[i].zone) == 0) {
			*offset_s = fixed[i].offset_s;
			return true;
		}
	/* Etc/GMT+N (N hours west, 1-12) and Etc/GMT-N (east, 1-14) */
	if (strncmp(zone, "Etc/GMT", 7) != 0 || (zone[7] != '+' && zone[7] != '-'))
		return false;
	for (s = zone + 8; *s >= '0' && *s <= '9' && h <= 14; s++)
		h = h * 10 + (*s - '0');
	if (*s || s == zone + 8 || s > zone + 10 || h < 1 || h > (zone[7] == '+' ? 12 : 14))
		return false;
	*offset_s = (zone[7] == '+' ? -1 : 1) * h * 3600;
	return true;
}

int park_utc_offset(const struct park *p)
{
	int off;

	if (p && p->timezone[0] && timezone_fixed_offset(p->timezone, &off))
		return off;
	return 8 * 3600; /* the default zone, Asia/Shanghai */
}
