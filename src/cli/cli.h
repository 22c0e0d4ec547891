/* cli.h — what every subcommand shares: global options, opening the store,
 * error and usage reporting. Commands are thin: parse options, call store/core,
 * format. Exit status: 0 success, 1 failure (bad data, store, not found),
 * 2 usage error. */
#ifndef GP_CLI_H
#define GP_CLI_H

#include <stdbool.h>

#include "cli/output.h"
#include "store/store.h"
#include "util/err.h"

#define EXIT_FAIL  1
#define EXIT_USAGE 2

struct cli {
	const char *db;       /* --db, $GREENPARK_DB, ./greenpark.db */
	const char *data_dir; /* --data-dir, $GREENPARK_DATA, the build's data/ */
	enum out_format format;
	char actor[96]; /* who writes: $GREENPARK_ACTOR or cli:<login> */
};

struct command {
	const char *name;
	int (*run)(struct cli *c, int argc, char **argv); /* argv[0] is the command name */
	const char *summary;                              /* one line, Chinese and English */
	const char *usage;                                /* the full --help text */
};

extern const struct command cmd_init, cmd_import, cmd_account, cmd_enterprises, cmd_subparks,
    cmd_platforms, cmd_park, cmd_factors, cmd_ledger, cmd_audit;
extern const struct command cmd_user, cmd_token, cmd_serve, cmd_evaluate, cmd_target;
extern const struct command cmd_demo;
extern const struct command cmd_report;
/* investment pipeline */
extern const struct command cmd_project;
/* meters */
extern const struct command cmd_meter;
/* meter alarms */
extern const struct command cmd_alarm;

/* service desk */
extern const struct command cmd_ticket;

/* green-finance ledger */
extern const struct command cmd_finance;

/* Opens the store (must exist and be current). On failure prints the reason and
 * returns EXIT_FAIL; else 0. */
int cli_open(struct cli *c, struct store_handle *h);

/* Prints "greenpark: <message>" and returns EXIT_FAIL. */
int cli_fail(const struct gp_err *err);
int cli_failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints "greenpark CMD: <message>" and a pointer to --help; returns EXIT_USAGE. */
int cli_usage(const struct command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints the command's usage to stdout and returns 0. */
int cli_help(const struct command *cmd);

/* Parses --year: a year 1990..2100. */
bool cli_parse_year(const char *s, int *year);

/* Parses yes|no|1|0|true|false|是|否 for a filter; sets *out to 1 or 0. */
bool cli_parse_yesno(const char *s, int *out);

#endif
