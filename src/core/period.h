/* period.h — a ledger period is one calendar month, written YYYY-MM and held as
 * the integer YYYYMM. */
#ifndef GP_PERIOD_H
#define GP_PERIOD_H

#include "util/err.h"

#define PERIOD_MIN_YEAR 1990
#define PERIOD_MAX_YEAR 2100

/* Parses "YYYY-MM" (exactly 7 characters, year 1990..2100) into *yyyymm. */
int period_parse(const char *s, int *yyyymm, struct gp_err *err);

/* Writes "YYYY-MM" into out[8]. */
void period_format(int yyyymm, char out[8]);

#endif
