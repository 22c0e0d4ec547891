/* period.h — a ledger period is one calendar month, written YYYY-MM and held as
 * the integer YYYYMM; a date is a calendar day, written YYYY-MM-DD and held as days
 * since 1970-01-01 (proleptic Gregorian), so differences are plain subtraction. */
#ifndef GP_PERIOD_H
#define GP_PERIOD_H

#include <stdint.h>

#include "util/err.h"

#define PERIOD_MIN_YEAR 1990
#define PERIOD_MAX_YEAR 2100

/* Parses "YYYY-MM" (exactly 7 characters, year 1990..2100) into *yyyymm. */
int period_parse(const char *s, int *yyyymm, struct gp_err *err);

/* Writes "YYYY-MM" into out[8]. */
void period_format(int yyyymm, char out[8]);

/* Parses "YYYY-MM-DD" (a day that exists, year 1990..2100) into days since
 * 1970-01-01 (days may be NULL). GP_EINPUT naming field and the expected form. */
int date_parse(const char *field, const char *s, long *days, struct gp_err *err);

/* Writes the date of days since 1970-01-01 as "YYYY-MM-DD" into out[11]. */
void date_format(long days, char out[11]);

/* A point in time as Unix seconds from "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)" (RFC 3339; a
 * space may stand for T; a fraction is cut to the second) or from a whole number of Unix
 * seconds. GP_EINPUT naming field and the expected forms. */
int time_parse(const char *field, const char *s, int64_t *ts, struct gp_err *err);

/* The same dates held as the integer YYYYMMDD (the service desk's and the finance
 * ledger's records): parse with date_parse's checks and messages, and write back. */
int date_parse_ymd(const char *field, const char *s, int *ymd, struct gp_err *err);
void date_format_ymd(int ymd, char out[11]);
int date_ymd(long days);     /* days since 1970-01-01 → YYYYMMDD */
long date_ymd_days(int ymd); /* YYYYMMDD → days since 1970-01-01 */

/* The civil date of days since 1970-01-01. */
void date_civil(long days, int *year, int *month, int *day);

/* Days since 1970-01-01 of a civil date (any year; month 1-12, day 1-31). */
long date_days(int year, int month, int day);

/* Today in China Standard Time (UTC+8, no daylight saving: the zone of every park this
 * platform serves today), or $GREENPARK_TODAY (YYYY-MM-DD) when set, so tests can fix
 * the day that deadlines and durations are measured to. */
long date_today(void);

#endif
