/* cli.c — helpers shared by the subcommands. */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/num.h"
#include "util/str.h"

int cli_open(struct cli *c, struct store_handle *h)
{
	struct gp_err err;

	if (store_open(c->db, STORE_OPEN_EXISTING, h, &err) != GP_OK)
		return cli_fail(&err);
	return 0;
}

int cli_fail(const struct gp_err *err)
{
	fprintf(stderr, "greenpark: %s\n", err->msg);
	return EXIT_FAIL;
}

int cli_failf(const char *fmt, ...)
{
	va_list ap;

	fputs("greenpark: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_FAIL;
}

int cli_usage(const struct command *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "greenpark %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see 'greenpark %s --help')\n", cmd->name);
	return EXIT_USAGE;
}

int cli_help(const struct command *cmd)
{
	fputs(cmd->usage, stdout);
	return 0;
}

bool cli_parse_year(const char *s, int *year)
{
	int64_t v;
	if (!num_parse_int64(s, 1990, 2100, &v))
		return false;
	*year = (int)v;
	return true;
}

bool cli_parse_yesno(const char *s, int *out)
{
	if (strcmp(s, "yes") == 0 || strcmp(s, "1") == 0 || strcmp(s, "true") == 0 ||
	    strcmp(s, "是") == 0) {
		*out = 1;
		return true;
	}
	if (strcmp(s, "no") == 0 || strcmp(s, "0") == 0 || strcmp(s, "false") == 0 ||
	    strcmp(s, "否") == 0) {
		*out = 0;
		return true;
	}
	return false;
}
