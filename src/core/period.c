/* period.c — month periods. */
#include "core/period.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int period_parse(const char *s, int *yyyymm, struct gp_err *err)
{
	int y = 0, m = 0;

	if (strlen(s) != 7 || s[4] != '-')
		goto bad;
	for (int i = 0; i < 7; i++) {
		if (i == 4)
			continue;
		if (s[i] < '0' || s[i] > '9')
			goto bad;
	}
	for (int i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	if (m < 1 || m > 12)
		return gp_err_set(err, GP_EINPUT, "period '%s' has month %d (expected 01-12)", s,
				  m);
	if (y < PERIOD_MIN_YEAR || y > PERIOD_MAX_YEAR)
		return gp_err_set(err, GP_EINPUT, "period '%s' has year %d (expected %d-%d)", s, y,
				  PERIOD_MIN_YEAR, PERIOD_MAX_YEAR);
	*yyyymm = y * 100 + m;
	return GP_OK;
bad:
	return gp_err_set(err, GP_EINPUT,
			  "period '%s' is not a month (expected YYYY-MM, e.g. 2024-03)", s);
}

void period_format(int yyyymm, char out[8])
{
	unsigned y = (unsigned)(yyyymm / 100) % 10000u, m = (unsigned)(yyyymm % 100) % 100u;

	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '\0';
}

/* days_from_civil of H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"
 * (public domain), which counts in 400-year eras from 0000-03-01. */
long date_days(int year, int month, int day)
{
	long y = year - (month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_civil(long days, int *year, int *month, int *day)
{
	long z = days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long m = mp < 10 ? mp + 3 : mp - 9;

	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)m;
	*year = (int)(yoe + era * 400 + (m <= 2));
}

void date_format(long days, char out[11])
{
	int y, m, d;
	unsigned uy;

	date_civil(days, &y, &m, &d);
	uy = (unsigned)y % 10000u;
	out[0] = (char)('0' + uy / 1000);
	out[1] = (char)('0' + uy / 100 % 10);
	out[2] = (char)('0' + uy / 10 % 10);
	out[3] = (char)('0' + uy % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

int date_parse(const char *field, const char *s, long *days, struct gp_err *err)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = 0, m, d, dim;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		goto bad;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			goto bad;
	for (int i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < PERIOD_MIN_YEAR || y > PERIOD_MAX_YEAR)
		return gp_err_set(err, GP_EINPUT, "%s '%s' has year %d (expected %d-%d)", field, s,
				  y, PERIOD_MIN_YEAR, PERIOD_MAX_YEAR);
	if (m < 1 || m > 12)
		return gp_err_set(err, GP_EINPUT, "%s '%s' has month %d (expected 01-12)", field, s,
				  m);
	dim = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (d < 1 || d > dim)
		return gp_err_set(err, GP_EINPUT, "%s '%s' has day %d (%04d-%02d has %d days)",
				  field, s, d, y, m, dim);
	if (days)
		*days = date_days(y, m, d);
	return GP_OK;
bad:
	return gp_err_set(err, GP_EINPUT,
			  "%s '%s' is not a date (expected YYYY-MM-DD, e.g. "
			  "2024-03-15)",
			  field, s);
}

long date_today(void)
{
	const char *fixed = getenv("GREENPARK_TODAY");
	long days = 0;

	if (fixed && date_parse("GREENPARK_TODAY", fixed, &days, NULL) == GP_OK)
		return days;
	return (long)((time(NULL) + 8 * 3600) / 86400);
}

int date_ymd(long days)
{
	int y = 0, m = 0, d = 0;
	date_civil(days, &y, &m, &d);
	return y * 10000 + m * 100 + d;
}

long date_ymd_days(int ymd)
{
	return date_days(ymd / 10000, ymd / 100 % 100, ymd % 100);
}

int date_parse_ymd(const char *field, const char *s, int *ymd, struct gp_err *err)
{
	long days = 0;
	int rc = date_parse(field, s ? s : "", &days, err);

	if (rc == GP_OK)
		*ymd = date_ymd(days);
	return rc;
}

void date_format_ymd(int ymd, char out[11])
{
	date_format(date_ymd_days(ymd), out);
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

int time_parse(const char *field, const char *s, int64_t *ts, struct gp_err *err)
{
	char date[11];
	long days = 0;
	int hh = 0, mm = 0, ss = 0, oh = 0, om = 0, sign = 0;
	const char *p;
	size_t len = strlen(s);

	if (len && len <= 12 && strspn(s + (s[0] == '-'), "0123456789") == len - (s[0] == '-') &&
	    len > (size_t)(s[0] == '-')) {
		*ts = strtoll(s, NULL, 10);
		return GP_OK;
	}
	if (len < 20 || (s[10] != 'T' && s[10] != 't' && s[10] != ' '))
		goto bad;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (date_parse(field, date, &days, err) != GP_OK)
		return GP_EINPUT;
	if (!digits(s + 11, 2, &hh) || s[13] != ':' || !digits(s + 14, 2, &mm) || s[16] != ':' ||
	    !digits(s + 17, 2, &ss) || hh > 23 || mm > 59 || ss > 60)
		goto bad;
	p = s + 19;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if ((*p == 'Z' || *p == 'z') && !p[1]) {
		sign = 0;
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6 && digits(p + 1, 2, &oh) &&
		   p[3] == ':' && digits(p + 4, 2, &om) && oh <= 23 && om <= 59) {
		sign = *p == '+' ? 1 : -1;
	} else {
		goto bad;
	}
	*ts = (int64_t)days * 86400 + hh * 3600 + mm * 60 + (ss > 59 ? 59 : ss) -
	      sign * (oh * 3600 + om * 60);
	return GP_OK;
bad:
	return gp_err_set(err, GP_EINPUT,
			  "%s '%.40s' is not a time (expected RFC 3339 with an offset, e.g. "
			  "2024-03-01T08:15:00+08:00 or 2024-03-01T00:15:00Z, or Unix seconds)",
			  field, s);
}
