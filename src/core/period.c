/* period.c — month periods. */
#include "core/period.h"

#include <string.h>

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
