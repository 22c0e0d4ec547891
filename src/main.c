/* main.c — greenpark's entry: reads the global options wherever they stand,
 * finds the subcommand and runs it. Computes nothing. */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "ingest/write_queue.h"
#include "report/alarms.h"
#include "util/str.h"

#ifndef GREENPARK_VERSION
#define GREENPARK_VERSION "0.1.0"
#endif
#ifndef GREENPARK_DATADIR
#define GREENPARK_DATADIR "data"
#endif

static const struct command *const commands[] = {
    &cmd_init, &cmd_import, &cmd_account, &cmd_enterprises, &cmd_subparks, &cmd_platforms,
    &cmd_park, &cmd_factors, &cmd_ledger, &cmd_audit, &cmd_user, &cmd_token, &cmd_serve,
    &cmd_evaluate, &cmd_target, &cmd_demo, &cmd_report,
    /* investment pipeline */
    &cmd_project,
    /* meters */
    &cmd_meter,
    /* meter alarms */
    &cmd_alarm,

    /* service desk */
    &cmd_ticket,

    /* green-finance ledger */
    &cmd_finance, /* cmd_finance.c */

};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	fprintf(out, "greenpark — 绿色低碳循环产业园区平台 green, low-carbon, circular industrial "
		     "park platform\n"
		     "\n"
		     "usage: greenpark [--db PATH] [--data-dir DIR] [--format table|json|csv] "
		     "COMMAND [options]\n"
		     "\n"
		     "commands 命令:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-12s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(out,
		"\n"
		"global options 全局选项 (anywhere on the line):\n"
		"  --db PATH         the store: a SQLite file (default $GREENPARK_DB or "
		"./greenpark.db)\n"
		"  --data-dir DIR    factor tables for init (default $GREENPARK_DATA or %s)\n"
		"  --format FMT      table (default), json or csv\n"
		"\n"
		"'greenpark COMMAND --help' describes a command. Exit status: 0 ok, 1 failed, 2 "
		"usage.\n",
		GREENPARK_DATADIR);
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

/* Takes a global option out of argv (both "--opt VALUE" and "--opt=VALUE").
 * Returns 1 when argv[i] was one (and *i advanced past its value), 0 when not,
 * -1 when the value is missing. */
static int take_global(int argc, char **argv, int *i, const char *name, const char **value)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return 0;
	if (argv[*i][n] == '=') {
		*value = argv[*i] + n + 1;
		return 1;
	}
	if (argv[*i][n] != '\0')
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*value = argv[++*i];
	return 1;
}

int main(int argc, char **argv)
{
	struct cli c;
	const char *fmt = NULL, *env;
	const struct command *cmd;
	char **rest = xcalloc((size_t)argc + 1, sizeof(char *));
	int nrest = 0, rc;
	bool dashdash = false;

	memset(&c, 0, sizeof(c));
	/* readings a server logged are judged by the alarm rules when they are settled, by
	 * whichever process settles them */
	write_queue_on_settle(alarm_check_settled);
	env = getenv("GREENPARK_DB");
	c.db = env && *env ? env : "greenpark.db";
	env = getenv("GREENPARK_DATA");
	c.data_dir = env && *env ? env : GREENPARK_DATADIR;
	env = getenv("GREENPARK_ACTOR");
	if (env && *env) {
		str_copy(c.actor, sizeof(c.actor), env);
	} else {
		struct passwd *pw = getpwuid(getuid());
		str_fmt(c.actor, sizeof(c.actor), "cli:%s", pw ? pw->pw_name : "unknown");
	}

	for (int i = 1; i < argc; i++) {
		int t = 0;
		if (!dashdash && strcmp(argv[i], "--") == 0) {
			dashdash = true;
			rest[nrest++] = argv[i];
			continue;
		}
		if (!dashdash) {
			const char *names[3] = {"--db", "--data-dir", "--format"};
			const char **slots[3] = {&c.db, &c.data_dir, &fmt};
			for (int k = 0; k < 3 && t == 0; k++) {
				t = take_global(argc, argv, &i, names[k], slots[k]);
				if (t < 0) {
					fprintf(stderr, "greenpark: %s needs a value\n", names[k]);
					free(rest);
					return EXIT_USAGE;
				}
			}
		}
		if (t == 0)
			rest[nrest++] = argv[i];
	}
	if (fmt && out_format_parse(fmt, &c.format) != 0) {
		fprintf(stderr, "greenpark: --format '%s' is not table, json or csv\n", fmt);
		free(rest);
		return EXIT_USAGE;
	}
	if (nrest == 0) {
		usage(stderr);
		free(rest);
		return EXIT_USAGE;
	}
	if (strcmp(rest[0], "--help") == 0 || strcmp(rest[0], "-h") == 0 ||
	    strcmp(rest[0], "help") == 0) {
		if (nrest > 1 && (cmd = find_command(rest[1])) != NULL) {
			rc = cli_help(cmd);
		} else {
			usage(stdout);
			rc = 0;
		}
		free(rest);
		return rc;
	}
	if (strcmp(rest[0], "--version") == 0 || strcmp(rest[0], "version") == 0) {
		printf("greenpark %s (store schema %d)\n", GREENPARK_VERSION,
		       store_current_version());
		free(rest);
		return 0;
	}
	cmd = find_command(rest[0]);
	if (!cmd) {
		fprintf(stderr, "greenpark: unknown command '%s' (see 'greenpark --help')\n",
			rest[0]);
		free(rest);
		return EXIT_USAGE;
	}
	for (int i = 1; i < nrest; i++)
		if (strcmp(rest[i], "--help") == 0 || strcmp(rest[i], "-h") == 0) {
			rc = cli_help(cmd);
			free(rest);
			return rc;
		}
	optind = 1;
	opterr = 0;
	rc = cmd->run(&c, nrest, rest);
	free(rest);
	return rc;
}
