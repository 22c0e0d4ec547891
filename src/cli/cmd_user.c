/* cmd_user.c — greenpark user add|passwd|list|remove and greenpark token create.
 * Passwords are read from standard input (never from the command line, where other
 * users of the machine could see them in the process list). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/auth.h"
#include "util/secret.h"
#include "util/str.h"

/* Reads one line (the password) from stdin, without its line end. */
static int read_password(char *out, size_t outsz, struct gp_err *err)
{
	size_t n;

	if (!fgets(out, (int)outsz, stdin))
		return gp_err_set(err, GP_EINPUT,
				  "no password on standard input (pipe it in: echo PASSWORD | "
				  "greenpark user add ...)");
	n = strlen(out);
	if (n == outsz - 1 && out[n - 1] != '\n')
		return gp_err_set(err, GP_EINPUT, "password is longer than %d bytes", PASSWORD_MAX);
	while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return GP_OK;
}

static int user_add(struct cli *c, struct store_handle *h, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"role", required_argument, NULL, 'r'},
	    {"enterprise", required_argument, NULL, 'e'},
	    {"bank", required_argument, NULL, 'b'},
	    {NULL, 0, NULL, 0},
	};
	struct user u;
	struct gp_err err;
	char password[PASSWORD_MAX + 2], hash[SECRET_HASH_MAX];
	const char *role = NULL, *uscc = NULL, *bank = NULL;
	int opt, rc;

	memset(&u, 0, sizeof(u));
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'r': role = optarg; break;
		case 'e': uscc = optarg; break;
		case 'b': bank = optarg; break;
		case ':': return cli_usage(&cmd_user, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_user, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage(&cmd_user, "user add needs exactly one NAME");
	if (!role)
		return cli_usage(&cmd_user, "user add needs --role");
	if (user_name_check(argv[optind], &err) != GP_OK ||
	    role_parse(role, &u.role, &err) != GP_OK)
		return cli_usage(&cmd_user, "%s", err.msg);
	str_copy(u.name, sizeof(u.name), argv[optind]);
	if (u.role == ROLE_ENTERPRISE) {
		struct enterprise e;
		if (!uscc)
			return cli_usage(&cmd_user, "role enterprise needs --enterprise USCC");
		if (uscc_normalize(uscc, u.uscc, &err) != GP_OK ||
		    h->ops->enterprise_find(h->st, u.uscc, &e, &err) != GP_OK)
			return cli_fail(&err);
	} else if (uscc) {
		return cli_usage(&cmd_user, "--enterprise goes only with --role enterprise");
	}
	if (u.role == ROLE_BANK) {
		if (!bank || !bank[0])
			return cli_usage(&cmd_user, "role bank needs --bank NAME");
		if (name_check("--bank", bank, &err) != GP_OK || strlen(bank) > BANK_NAME_MAX)
			return cli_usage(&cmd_user, "--bank: %s", err.msg);
		str_copy(u.bank, sizeof(u.bank), bank);
	} else if (bank) {
		return cli_usage(&cmd_user, "--bank goes only with --role bank");
	}
	if ((rc = read_password(password, sizeof(password), &err)) != GP_OK ||
	    (rc = secret_password_hash(password, hash, &err)) != GP_OK) {
		memset(password, 0, sizeof(password));
		return cli_fail(&err);
	}
	memset(password, 0, sizeof(password));
	if (h->ops->user_create(h->st, &u, hash, c->actor, &err) != GP_OK)
		return cli_fail(&err);
	printf("已创建用户 user created: %s (%s %s)\n", u.name, role_name_zh(u.role),
	       role_name(u.role));
	return 0;
}

static int user_passwd(struct cli *c, struct store_handle *h, int argc, char **argv)
{
	struct gp_err err;
	char password[PASSWORD_MAX + 2], hash[SECRET_HASH_MAX];
	int rc;

	if (argc != 2)
		return cli_usage(&cmd_user, "user passwd needs exactly one NAME");
	if ((rc = read_password(password, sizeof(password), &err)) != GP_OK ||
	    (rc = secret_password_hash(password, hash, &err)) != GP_OK) {
		memset(password, 0, sizeof(password));
		return cli_fail(&err);
	}
	memset(password, 0, sizeof(password));
	if (h->ops->user_set_password(h->st, argv[1], hash, c->actor, &err) != GP_OK)
		return cli_fail(&err);
	printf("已修改密码 password changed: %s\n", argv[1]);
	return 0;
}

static int user_list(struct cli *c, struct store_handle *h)
{
	static const struct table_col cols[] = {
	    {"name", "用户名 Name", 0, false},
	    {"role", "角色 Role", 0, false},
	    {"enterprise", "企业 Enterprise", 0, false},
	    {"bank", "银行 Bank", 0, false},
	    {"created_at", "创建时间 Created (UTC)", 0, false},
	};
	struct user *list;
	struct gp_err err;
	struct table t;
	size_t n;

	if (h->ops->user_list(h->st, &list, &n, &err) != GP_OK)
		return cli_fail(&err);
	table_init(&t, cols, 5);
	for (size_t i = 0; i < n; i++) {
		table_row(&t);
		table_str(&t, 0, list[i].name);
		table_str(&t, 1, role_name(list[i].role));
		table_str(&t, 2, list[i].uscc[0] ? list[i].uscc : NULL);
		table_str(&t, 3, list[i].bank[0] ? list[i].bank : NULL);
		table_str(&t, 4, list[i].created_at);
	}
	table_print(&t, c->format, NULL, stdout);
	table_release(&t);
	free(list);
	return 0;
}

static int user_run(struct cli *c, int argc, char **argv)
{
	struct store_handle h;
	struct gp_err err;
	const char *action = argc > 1 ? argv[1] : "";
	int rc;

	if (strcmp(action, "add") && strcmp(action, "passwd") && strcmp(action, "list") &&
	    strcmp(action, "remove"))
		return cli_usage(&cmd_user, "expected add, passwd, list or remove");
	if (secret_init(&err) != GP_OK)
		return cli_fail(&err);
	if ((rc = cli_open(c, &h)) != 0)
		return rc;
	if (strcmp(action, "add") == 0) {
		rc = user_add(c, &h, argc - 1, argv + 1);
	} else if (strcmp(action, "passwd") == 0) {
		rc = user_passwd(c, &h, argc - 1, argv + 1);
	} else if (strcmp(action, "list") == 0) {
		rc = argc > 2 ? cli_usage(&cmd_user, "unexpected argument '%s'", argv[2])
			      : user_list(c, &h);
	} else if (argc != 3) {
		rc = cli_usage(&cmd_user, "user remove needs exactly one NAME");
	} else if (h.ops->user_delete(h.st, argv[2], c->actor, &err) != GP_OK) {
		rc = cli_fail(&err);
	} else {
		printf("已删除用户 user removed: %s\n", argv[2]);
	}
	store_close(&h);
	return rc;
}

const struct command cmd_user = {
    "user", user_run, "用户与角色 add, list and remove users of the web platform",
    "usage: greenpark user add NAME --role ROLE [--enterprise USCC] [--bank NAME]   (password on "
    "stdin)\n"
    "       greenpark user passwd NAME                                            (password on "
    "stdin)\n"
    "       greenpark user list [--format table|json|csv]\n"
    "       greenpark user remove NAME\n"
    "\n"
    "Roles: admin (everything), analyst (park staff: read all, write the ledger),\n"
    "enterprise (bound to one USCC: only its own enterprise's data), bank (enterprise\n"
    "names and finance records only), viewer (park aggregates, no per-enterprise figures).\n"
    "Passwords (8 to 256 bytes) are read from standard input and stored as argon2id\n"
    "hashes. Every change is audited.\n"};

static int token_run(struct cli *c, int argc, char **argv)
{
	struct store_handle h;
	struct user u;
	struct gp_err err;
	char token[SECRET_TOKEN_MAX];
	unsigned char hash[SECRET_TOKEN_HASH_BYTES];
	int rc;

	if (argc != 3 || strcmp(argv[1], "create") != 0)
		return cli_usage(&cmd_token, "expected: greenpark token create NAME");
	if (secret_init(&err) != GP_OK)
		return cli_fail(&err);
	if ((rc = cli_open(c, &h)) != 0)
		return rc;
	if (h.ops->user_find(h.st, argv[2], &u, NULL, 0, &err) != GP_OK) {
		store_close(&h);
		return cli_fail(&err);
	}
	secret_token_new("gp_", token);
	secret_token_hash(token, hash);
	rc = h.ops->token_create(h.st, hash, u.id, c->actor, &err);
	store_close(&h);
	if (rc != GP_OK)
		return cli_fail(&err);
	printf("%s\n", token);
	return 0;
}

const struct command cmd_token = {
    "token", token_run, "API 令牌 create an API token for a user",
    "usage: greenpark token create NAME\n"
    "\n"
    "Prints a new API token for the user NAME, for machines: send it as\n"
    "'Authorization: Bearer TOKEN'. It acts with the user's role. Only its hash is\n"
    "stored: keep the printed token, it cannot be shown again.\n"};
