/* cmd_demo.c — greenpark demo: builds the demo park (core/demo.c, docs/demo.md) in a
 * store, or writes its three CSV files. Thin: the generator is pure, and the store is
 * filled through the same imports as 'greenpark import', so the demo passes every
 * check a person's file would. Never: computes a ledger value itself, touches a store
 * that already has enterprises without --force, or deletes anything but the store
 * file it was given (and that file's -wal, -shm and -journal companions). */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/demo.h"
#include "core/demo_desk.h"
#include "core/demo_finance.h"
#include "core/demo_meters.h"
#include "energy/demo_roofs.h"
#include "core/demo_projects.h"
#include "ingest/import.h"
#include "ingest/import_alarms.h"
#include "ingest/import_desk.h"
#include "ingest/import_finance.h"
#include "ingest/import_projects.h"
#include "ingest/import_readings.h"
#include "ingest/import_roofs.h"
#include "report/alarms.h"
#include "report/projects.h"
#include "store/store_meters.h"
#include "util/num.h"
#include "util/secret.h"
#include "util/str.h"

struct demo_opts {
	uint64_t seed;
	const char *export_dir; /* NULL: build the store */
	bool force;
};

static void print_error(void *arg, const char *msg)
{
	(void)arg;
	fprintf(stderr, "%s\n", msg);
}

/* ---- --export DIR ---- */

static int write_file(const char *dir, const char *name, const struct buf *text, struct gp_err *err)
{
	char path[4096];
	FILE *f;
	bool ok;

	if (!str_fmt(path, sizeof(path), "%s/%s", dir, name))
		return gp_err_set(err, GP_EINPUT, "--export: path '%s/%s' is too long", dir, name);
	if (!(f = fopen(path, "wb")))
		return gp_err_set(err, GP_EIO, "cannot write %s: %s", path, strerror(errno));
	ok = fwrite(text->data, 1, text->len, f) == text->len;
	if (fclose(f) != 0 || !ok)
		return gp_err_set(err, GP_EIO, "cannot write %s: %s", path, strerror(errno));
	return GP_OK;
}

static int export_run(const struct demo_opts *o, const struct demo_data *d)
{
	struct stat sb;
	struct gp_err err;

	if (mkdir(o->export_dir, 0777) != 0 && errno != EEXIST)
		return cli_failf("cannot create directory %s: %s", o->export_dir, strerror(errno));
	if (stat(o->export_dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return cli_failf("--export: %s is not a directory", o->export_dir);
	if (write_file(o->export_dir, "enterprises.csv", &d->enterprises_csv, &err) != GP_OK ||
	    write_file(o->export_dir, "platforms.csv", &d->platforms_csv, &err) != GP_OK ||
	    write_file(o->export_dir, "activity.csv", &d->activity_csv, &err) != GP_OK)
		return cli_fail(&err);
	printf("已写出 wrote %s/enterprises.csv (%zu enterprises), platforms.csv (%zu platforms), "
	       "activity.csv (%zu rows), seed %llu — 示例数据 sample data\n",
	       o->export_dir, d->enterprises, d->platforms, d->activity_rows,
	       (unsigned long long)o->seed);
	return 0;
}

/* ---- the store ---- */

static int count_enterprises(struct store_handle *h, size_t *n, struct gp_err *err)
{
	struct enterprise_filter all = {NULL, NULL, -1, -1, -1};
	struct enterprise *list;
	int rc = h->ops->enterprise_list(h->st, &all, &list, n, err);

	if (rc == GP_OK)
		free(list);
	return rc;
}

static int open_migrated(const char *db, struct store_handle *h, struct gp_err *err)
{
	int from, to, rc;

	if ((rc = store_open(db, STORE_OPEN_CREATE, h, err)) != GP_OK)
		return rc;
	if ((rc = h->ops->migrate(h->st, &from, &to, err)) != GP_OK)
		store_close(h);
	return rc;
}

/* Removes a SQLite store file and its companions (absent ones are fine). */
static int remove_store(const char *db, struct gp_err *err)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};

	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		char path[4096];
		if (!str_fmt(path, sizeof(path), "%s%s", db, suffix[i]))
			return gp_err_set(err, GP_EINPUT, "store path '%s' is too long", db);
		if (unlink(path) != 0 && errno != ENOENT)
			return gp_err_set(err, GP_EIO, "--force: cannot remove %s: %s", path,
					  strerror(errno));
	}
	return GP_OK;
}

/* Opens (creating or migrating) the store; a store that already has enterprises is
 * refused, or with --force removed and created anew (*removed = its enterprises). */
static int store_prepare(const struct cli *c, const struct demo_opts *o, struct store_handle *h,
			 size_t *removed)
{
	struct gp_err err;
	size_t n;

	*removed = 0;
	if (open_migrated(c->db, h, &err) != GP_OK)
		return cli_fail(&err);
	if (count_enterprises(h, &n, &err) != GP_OK) {
		store_close(h);
		return cli_fail(&err);
	}
	if (n == 0)
		return 0;
	store_close(h);
	if (!o->force)
		return cli_failf("store %s already has %zu enterprise%s: 'greenpark demo' builds "
				 "the demo park only in a new or empty store (use --db NEW.db, or "
				 "--force to delete %s and build the demo in a new one) "
				 "(存储中已有企业，未做任何修改)",
				 c->db, n, n == 1 ? "" : "s", c->db);
	if (strstr(c->db, "://"))
		return cli_failf("--force removes a store file; %s is not a file", c->db);
	if (remove_store(c->db, &err) != GP_OK || open_migrated(c->db, h, &err) != GP_OK)
		return cli_fail(&err);
	*removed = n;
	return 0;
}

/* Imports one generated text (named name, e.g. "demo:activity.csv") through the import
 * functions every file goes through. */
static int import_text(const struct cli *c, struct store_handle *h, const struct factor_lib *lib,
		       const char *name, import_fn run, const struct buf *text,
		       struct import_result *res)
{
	struct import_report rep;
	struct csv_reader *r;
	struct gp_err err;
	int rc;

	memset(&rep, 0, sizeof(rep));
	memset(&err, 0, sizeof(err));
	rep.error = print_error;
	if (csv_open_mem(&r, text->data, text->len, name) != GP_OK)
		return cli_failf("cannot read the generated %s", name);
	rc = run(h, lib, r, c->actor, &rep, res, &err);
	csv_close(r);
	if (rc == GP_EINPUT && rep.errors)
		return cli_failf("the generated %s was rejected with %ld error%s (a bug in the "
				 "demo generator; nothing of that file was stored)",
				 name, rep.errors, rep.errors == 1 ? "" : "s");
	if (rc != GP_OK)
		return cli_fail(&err);
	return 0;
}

/* The demo's pipeline: the gate's rules, the projects and their history through the
 * importers, then the projects the gate vetoes, moved by hand so that each veto is a
 * decision the gate made (and some are then terminated with the reason). */
static int demo_pipeline(const struct cli *c, struct store_handle *h, const struct factor_lib *lib,
			 uint64_t seed, const struct enterprise *ents, size_t nents,
			 struct demo_fin_link *links, size_t *nlinks)
{
	struct demo_projects d;
	struct import_result res;
	struct gp_err err;
	int rc;

	if (demo_projects_generate(seed, ents, nents, &d, &err) != GP_OK)
		return cli_fail(&err);
	/* the loans of the enterprises that invest in projects finance them */
	for (*nlinks = 0; *nlinks < d.ninvested && *nlinks < DEMO_INVESTED_MAX; (*nlinks)++) {
		str_copy(links[*nlinks].uscc, sizeof(links[0].uscc), d.invested[*nlinks].uscc);
		str_copy(links[*nlinks].project, sizeof(links[0].project),
			 d.invested[*nlinks].code);
	}
	if ((rc = import_text(c, h, lib, "demo:screen-rules.csv", import_screen_rules, &d.rules_csv,
			      &res)) != 0 ||
	    (rc = import_text(c, h, lib, "demo:projects.csv", import_projects, &d.projects_csv,
			      &res)) != 0 ||
	    (rc = import_text(c, h, lib, "demo:project-stages.csv", import_project_stages,
			      &d.stages_csv, &res)) != 0)
		goto out;
	for (size_t i = 0; i < d.nvetoes && rc == 0; i++) {
		const struct demo_veto *v = &d.vetoes[i];
		struct move_request m = {v->code, STAGE_SIGNED, v->date,        "",
					 false,   true,         METHOD_ZCP2025, c->actor};
		json_t *decision = NULL;
		bool decided;
		int mrc;

		if (h->ops->begin(h->st, &err) != GP_OK) {
			rc = cli_fail(&err);
			break;
		}
		mrc = project_move(h, lib, &m, &decision, &err);
		decided = decision != NULL;
		json_decref(decision);
		if (mrc != GP_ECONFLICT || !decided) {
			h->ops->rollback(h->st);
			rc = cli_failf("demo project %s was not vetoed by the gate as the demo "
				       "expects (a bug in the demo generator): %s",
				       v->code, mrc == GP_OK ? "it passed" : err.msg);
			break;
		}
		if (v->terminate_date[0]) {
			m.to = STAGE_TERMINATED;
			m.on_date = v->terminate_date;
			m.reason = v->reason;
			if (project_move(h, lib, &m, NULL, &err) != GP_OK) {
				h->ops->rollback(h->st);
				rc = cli_fail(&err);
				break;
			}
		}
		if (h->ops->commit(h->st, &err) != GP_OK) {
			h->ops->rollback(h->st);
			rc = cli_fail(&err);
		}
	}
out:
	demo_projects_release(&d);
	return rc;
}

struct dec_ctx {
	const struct enterprise *ents;
	size_t n;
	struct demo_meter_input *in;
	int64_t item_id;
};

static void dec_row(void *arg, const struct activity_row *row)
{
	struct dec_ctx *x = arg;
	if (row->period != 202412 || row->item_id != x->item_id)
		return;
	for (size_t i = 0; i < x->n; i++)
		if (x->ents[i].id == row->enterprise_id)
			x->in[i].dec_kwh = row->quantity;
}

/* The demo's meters: the generator reads each enterprise's December 2024 grid electricity
 * from the ledger just imported; the meters go in through the store, their readings through
 * the readings import. */
static int demo_meters_import(const struct cli *c, struct store_handle *h,
			      const struct factor_lib *lib, uint64_t seed,
			      const struct enterprise *ents, size_t nents)
{
	struct demo_meter_input *in = xcalloc(nents ? nents : 1, sizeof(*in));
	struct activity_filter f = {0, 2024, 0};
	struct dec_ctx x = {ents, nents, in, 0};
	struct demo_meters d;
	struct import_result res;
	struct gp_err err;
	int k = factors_item_index(lib, "electricity_grid"), rc = 0;

	if (k < 0) {
		free(in);
		return cli_failf("the factor library has no electricity_grid");
	}
	x.item_id = lib->items[k].id;
	f.item_id = x.item_id;
	for (size_t i = 0; i < nents; i++) {
		str_copy(in[i].uscc, sizeof(in[i].uscc), ents[i].uscc);
		in[i].dec_kwh = NAN;
	}
	if (h->ops->activity_list(h->st, &f, dec_row, &x, &err) != GP_OK ||
	    demo_meters_generate(seed, in, nents, &d, &err) != GP_OK) {
		free(in);
		return cli_fail(&err);
	}
	free(in);
	for (size_t i = 0; i < d.n && rc == 0; i++) {
		int64_t id;
		if (meter_validate(&d.meters[i], &err) != GP_OK ||
		    h->ops->meters->meter_add(h->st, &d.meters[i], c->actor, &id, &err) != GP_OK)
			rc = cli_fail(&err);
	}
	/* the alarm rules before the readings, so the import judges the threshold rule on
	 * the last readings; then the stale and imbalance rules at the end of the readings */
	if (rc == 0)
		rc = import_text(c, h, lib, "demo:alarm-rules.csv", import_alarm_rules,
				 &d.rules_csv, &res);
	if (rc == 0)
		rc = import_text(c, h, lib, "demo:readings.csv", import_readings, &d.readings_csv,
				 &res);
	if (rc == 0 && alarm_sweep(h, DEMO_ALARMS_AT, NULL, &err) != GP_OK)
		rc = cli_fail(&err);
	demo_meters_release(&d);
	return rc;
}

/* The modules' demo files: each generator (core/demo_<module>.c) reads the registry
 * as stored and the seed, and its texts go through the module's importers. */
static int import_modules(const struct cli *c, struct store_handle *h, const struct factor_lib *lib,
			  uint64_t seed)
{
	struct enterprise_filter all = {NULL, NULL, -1, -1, -1};
	struct enterprise *ents = NULL;
	struct demo_fin_link links[DEMO_INVESTED_MAX];
	struct gp_err err;
	size_t nents = 0, nlinks = 0;
	int rc = 0;

	if (h->ops->enterprise_list(h->st, &all, &ents, &nents, &err) != GP_OK)
		return cli_fail(&err);
	/* investment pipeline */
	if (rc == 0)
		rc = demo_pipeline(c, h, lib, seed, ents, nents, links, &nlinks);

	/* service desk */
	if (rc == 0) {
		struct demo_desk dd;
		struct import_result res;
		if (demo_desk_generate(ents, nents, seed, &dd, &err) != GP_OK) {
			rc = cli_fail(&err);
		} else {
			rc = import_text(c, h, lib, "demo:assignments.csv", import_desk_assignments,
					 &dd.assignments_csv, &res);
			if (rc == 0)
				rc = import_text(c, h, lib, "demo:tickets.csv", import_desk_tickets,
						 &dd.tickets_csv, &res);
			demo_desk_release(&dd);
		}
	}

	/* green-finance ledger */
	if (rc == 0) {
		struct demo_finance fd;
		struct import_result fres;
		if (demo_finance_generate(ents, nents, seed, links, nlinks, &fd, &err) != GP_OK) {
			rc = cli_fail(&err);
		} else {
			rc = import_text(c, h, NULL, "demo:credits.csv", import_credits,
					 &fd.credits_csv, &fres);
			if (rc == 0)
				rc = import_text(c, h, NULL, "demo:loans.csv", import_loans,
						 &fd.loans_csv, &fres);
			demo_finance_release(&fd);
		}
	}
	/* meters */
	if (rc == 0)
		rc = demo_meters_import(c, h, lib, seed, ents, nents);

	/* the energy planner's rooftop census */
	if (rc == 0) {
		struct buf roofs;
		struct import_result rres;
		buf_init(&roofs, 0);
		if (demo_roofs_generate(ents, nents, seed, &roofs, &err) != GP_OK)
			rc = cli_fail(&err);
		else
			rc = import_text(c, h, NULL, "demo:roofs.csv", import_roofs, &roofs, &rres);
		buf_release(&roofs);
	}

	free(ents);
	return rc;
}

struct demo_summary {
	struct park park;
	struct enterprise_summary ent;
	size_t subparks;
	size_t platforms[LEVEL_COUNT][PLATFORM_KIND_COUNT];
	long long rows;
	int64_t batch;
	size_t removed;
};

static int summarize(struct store_handle *h, struct demo_summary *s, struct gp_err *err)
{
	struct enterprise_filter all = {NULL, NULL, -1, -1, -1};
	struct enterprise *ents;
	struct subpark *subs;
	struct platform *plats;
	size_t n;
	int rc;

	if ((rc = h->ops->park_get(h->st, &s->park, err)) != GP_OK)
		return rc;
	if ((rc = h->ops->enterprise_list(h->st, &all, &ents, &n, err)) != GP_OK)
		return rc;
	enterprise_summarize(ents, n, &s->ent);
	free(ents);
	if ((rc = h->ops->subpark_list(h->st, &subs, &s->subparks, err)) != GP_OK)
		return rc;
	free(subs);
	if ((rc = h->ops->platform_list(h->st, &plats, &n, err)) != GP_OK)
		return rc;
	for (size_t i = 0; i < n; i++)
		s->platforms[plats[i].level][plats[i].kind]++;
	free(plats);
	return GP_OK;
}

static void print_summary_json(const struct cli *c, const struct demo_opts *o,
			       const struct demo_summary *s, json_t *users);

static void print_summary(const struct cli *c, const struct demo_opts *o,
			  const struct demo_summary *s)
{
	const size_t(*pl)[PLATFORM_KIND_COUNT] = s->platforms;
	size_t rd = pl[LEVEL_NATIONAL][PLATFORM_RD] + pl[LEVEL_PROVINCIAL][PLATFORM_RD] +
		    pl[LEVEL_MUNICIPAL][PLATFORM_RD];
	size_t inn = pl[LEVEL_NATIONAL][PLATFORM_INNOVATION] +
		     pl[LEVEL_PROVINCIAL][PLATFORM_INNOVATION] +
		     pl[LEVEL_MUNICIPAL][PLATFORM_INNOVATION];

	if (s->removed)
		printf("--force: 已删除原存储 removed %s with its %zu enterprises, ledger, factor "
		       "overrides and audit log\n",
		       c->db, s->removed);
	printf("演示园区已建成 demo park built in %s (seed %llu)\n", c->db,
	       (unsigned long long)o->seed);
	printf("  园区 park:          %s · %s · %s电网 %s · %g km² · %s\n", s->park.name,
	       s->park.region, grid_region_name_zh(s->park.grid), s->park.grid, s->park.land_km2,
	       s->park.timezone);
	printf("  企业 enterprises:   %zu in %zu sub-parks · 高新技术企业 high-tech %zu (%.1f%%) · "
	       "专精特新 SRDI %zu (%.1f%%)\n",
	       s->ent.count, s->subparks, s->ent.high_tech, 100 * s->ent.high_tech_share,
	       s->ent.srdi, 100 * s->ent.srdi_share);
	printf("  平台 platforms:     研发平台 R&D %zu (省级 provincial %zu, 市级 municipal %zu) · "
	       "创新平台 innovation %zu (省级 %zu, 市级 %zu)\n",
	       rd, pl[LEVEL_PROVINCIAL][PLATFORM_RD], pl[LEVEL_MUNICIPAL][PLATFORM_RD], inn,
	       pl[LEVEL_PROVINCIAL][PLATFORM_INNOVATION], pl[LEVEL_MUNICIPAL][PLATFORM_INNOVATION]);
	printf("  台账 ledger:        %d-01 to %d-12, %lld monthly rows (batch %lld)\n",
	       DEMO_FIRST_YEAR, DEMO_LAST_YEAR, s->rows, (long long)s->batch);
	printf("示例数据 sample data: the enterprises, their codes and every ledger value are "
	       "fictional; only\nthe counts above follow published facts about 山亭经济开发区 "
	       "(2023). See docs/demo.md.\n");
	printf("Try: greenpark --db %s account --year %d\n", c->db, DEMO_LAST_YEAR);
}

static void print_summary_json(const struct cli *c, const struct demo_opts *o,
			       const struct demo_summary *s, json_t *users)
{
	const size_t(*pl)[PLATFORM_KIND_COUNT] = s->platforms;
	size_t rd __attribute__((unused)) = pl[LEVEL_NATIONAL][PLATFORM_RD] +
					    pl[LEVEL_PROVINCIAL][PLATFORM_RD] +
					    pl[LEVEL_MUNICIPAL][PLATFORM_RD];
	size_t inn __attribute__((unused)) = pl[LEVEL_NATIONAL][PLATFORM_INNOVATION] +
					     pl[LEVEL_PROVINCIAL][PLATFORM_INNOVATION] +
					     pl[LEVEL_MUNICIPAL][PLATFORM_INNOVATION];

	{
		json_t *j = json_object(), *p = json_object();
		json_object_set_new(j, "store", json_string(c->db));
		json_object_set_new(j, "sample", json_true());
		json_object_set_new(j, "seed", json_integer((json_int_t)o->seed));
		json_object_set_new(j, "removed_enterprises", json_integer((json_int_t)s->removed));
		json_object_set_new(j, "park", json_string(s->park.name));
		json_object_set_new(j, "enterprises", json_integer((json_int_t)s->ent.count));
		json_object_set_new(j, "high_tech", json_integer((json_int_t)s->ent.high_tech));
		json_object_set_new(j, "srdi", json_integer((json_int_t)s->ent.srdi));
		json_object_set_new(j, "subparks", json_integer((json_int_t)s->subparks));
		json_object_set_new(p, "rd_provincial",
				    json_integer((json_int_t)pl[LEVEL_PROVINCIAL][PLATFORM_RD]));
		json_object_set_new(p, "rd_municipal",
				    json_integer((json_int_t)pl[LEVEL_MUNICIPAL][PLATFORM_RD]));
		json_object_set_new(
		    p, "innovation_provincial",
		    json_integer((json_int_t)pl[LEVEL_PROVINCIAL][PLATFORM_INNOVATION]));
		json_object_set_new(
		    p, "innovation_municipal",
		    json_integer((json_int_t)pl[LEVEL_MUNICIPAL][PLATFORM_INNOVATION]));
		json_object_set_new(j, "platforms", p);
		json_object_set_new(j, "activity_rows", json_integer(s->rows));
		json_object_set_new(j, "batch", json_integer(s->batch));
		json_object_set_new(j, "first_period", json_string("2022-01"));
		json_object_set_new(j, "last_period", json_string("2024-12"));
		json_object_set_new(j, "users", users);
		json_print(j, stdout);
		json_decref(j);
	}
}

/* One account per role, with a random password printed once (only its argon2id hash
 * is stored). The enterprise account is bound to the first demo enterprise. */
static int create_users(const struct cli *c, struct store_handle *h, json_t *out)
{
	static const struct {
		const char *name;
		enum role role;
	} accounts[] = {
	    {"admin", ROLE_ADMIN}, {"analyst", ROLE_ANALYST}, {"enterprise", ROLE_ENTERPRISE},
	    {"bank", ROLE_BANK},   {"viewer", ROLE_VIEWER},
	};
	struct enterprise *ents;
	struct gp_err err;
	size_t n;
	int rc = 0;

	if (secret_init(&err) != GP_OK ||
	    h->ops->enterprise_list(h->st, NULL, &ents, &n, &err) != GP_OK)
		return cli_fail(&err);
	if (!out)
		printf("演示账号 demo accounts (密码仅显示一次 passwords are shown only now):\n");
	for (size_t i = 0; i < sizeof(accounts) / sizeof(accounts[0]) && rc == 0; i++) {
		struct user u;
		char token[SECRET_TOKEN_MAX], password[17], hash[SECRET_HASH_MAX];
		memset(&u, 0, sizeof(u));
		str_copy(u.name, sizeof(u.name), accounts[i].name);
		u.role = accounts[i].role;
		if (u.role == ROLE_ENTERPRISE && n)
			str_copy(u.uscc, sizeof(u.uscc), ents[0].uscc);
		if (u.role == ROLE_BANK)
			str_copy(u.bank, sizeof(u.bank), "枣庄示例银行");
		secret_token_new("", token);
		str_copy(password, sizeof(password), token);
		if (secret_password_hash(password, hash, &err) != GP_OK ||
		    h->ops->user_create(h->st, &u, hash, c->actor, &err) != GP_OK) {
			rc = cli_fail(&err);
			break;
		}
		if (out) {
			json_t *j = json_object();
			json_object_set_new(j, "name", json_string(u.name));
			json_object_set_new(j, "role", json_string(role_name(u.role)));
			json_object_set_new(j, "password", json_string(password));
			json_object_set_new(j, "enterprise",
					    u.uscc[0] ? json_string(u.uscc) : json_null());
			json_array_append_new(out, j);
		} else {
			printf("  %-10s %-10s %s%s%s\n", u.name, role_name(u.role), password,
			       u.uscc[0] ? "  " : "", u.uscc);
		}
	}
	free(ents);
	return rc;
}

static int build_run(const struct cli *c, const struct demo_opts *o, const struct demo_data *d)
{
	struct store_handle h;
	struct import_report rep;
	struct import_result res;
	struct factor_lib lib;
	struct demo_summary sum;
	struct gp_err err;
	long counts[3];
	int rc;

	memset(&sum, 0, sizeof(sum));
	memset(&res, 0, sizeof(res));
	if ((rc = store_prepare(c, o, &h, &sum.removed)) != 0)
		return rc;
	memset(&rep, 0, sizeof(rep));
	rep.error = print_error;
	if (import_datafiles(&h, c->data_dir, c->actor, &rep, counts, &err) != GP_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (h.ops->park_get(h.st, &sum.park, &err) != GP_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	demo_park(&sum.park);
	if (h.ops->park_update(h.st, &sum.park, c->actor, &err) != GP_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if ((rc = import_text(c, &h, NULL, "demo:enterprises.csv", import_enterprises,
			      &d->enterprises_csv, &res)) != 0 ||
	    (rc = import_text(c, &h, NULL, "demo:platforms.csv", import_platforms,
			      &d->platforms_csv, &res)) != 0)
		goto out;
	if (h.ops->factors_load(h.st, &lib, &err) != GP_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	rc = import_text(c, &h, &lib, "demo:activity.csv", import_activity, &d->activity_csv, &res);
	sum.rows = res.rows;
	sum.batch = res.batch_id;
	/* the modules' demo data, generated from the registry as stored */
	if (rc == 0)
		rc = import_modules(c, &h, &lib, o->seed);
	factors_release(&lib);
	if (rc != 0)
		goto out;
	if (summarize(&h, &sum, &err) != GP_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (c->format == FMT_JSON) {
		/* the summary object gains the accounts */
		json_t *users = json_array();
		if ((rc = create_users(c, &h, users)) == 0) {
			print_summary_json(c, o, &sum, users);
		} else {
			json_decref(users);
		}
	} else {
		print_summary(c, o, &sum);
		rc = create_users(c, &h, NULL);
	}
out:
	store_close(&h);
	return rc;
}

static int run(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"seed", required_argument, NULL, 's'},
	    {"export", required_argument, NULL, 'e'},
	    {"force", no_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	struct demo_opts o = {DEMO_SEED_DEFAULT, NULL, false};
	struct demo_data d;
	struct gp_err err;
	int64_t v;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			if (!num_parse_int64(optarg, 0, INT64_MAX, &v))
				return cli_usage(&cmd_demo,
						 "--seed '%s' is not a whole number from 0 to %lld",
						 optarg, (long long)INT64_MAX);
			o.seed = (uint64_t)v;
			break;
		case 'e':
			if (!optarg[0])
				return cli_usage(&cmd_demo, "--export needs a directory");
			o.export_dir = optarg;
			break;
		case 'f': o.force = true; break;
		case ':': return cli_usage(&cmd_demo, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_demo, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(&cmd_demo, "unexpected argument '%s'", argv[optind]);
	if (o.export_dir && o.force)
		return cli_usage(&cmd_demo, "--force applies to the store; --export only writes "
					    "files (and replaces them)");
	if (demo_generate(o.seed, &d, &err) != GP_OK)
		return cli_fail(&err);
	rc = o.export_dir ? export_run(&o, &d) : build_run(c, &o, &d);
	demo_data_release(&d);
	return rc;
}

const struct command cmd_demo = {
    "demo", run, "生成演示园区（示例数据） build the demo park (sample data)",
    "usage: greenpark demo [--db PATH] [--seed N] [--force]\n"
    "       greenpark demo [--seed N] --export DIR\n"
    "\n"
    "Builds the demo park in the store: 山亭经济开发区 (山东省枣庄市山亭区, 华北 grid,\n"
    "Asia/Shanghai) with the published facts of 2023 — 64 enterprises, 38 high-tech\n"
    "(高新技术企业), 27 专精特新, 38 provincial and municipal R&D platforms, 5 provincial and 5\n"
    "municipal innovation platforms, three leading industries, 一区三园 and five specialised\n"
    "parks — and monthly energy, water, waste, output and pollutant data for 2022-01 to\n"
    "2024-12. The enterprises and every number of their ledger are fictional sample data\n"
    "(示例数据), generated deterministically: the same seed gives the same park. The data go\n"
    "through the same all-or-nothing imports as 'greenpark import'. See docs/demo.md.\n"
    "\n"
    "  --seed N      generator seed, 0 to 2^63-1 (default 370406)\n"
    "  --export DIR  write enterprises.csv, platforms.csv and activity.csv to DIR (created if\n"
    "                missing; files there are replaced) instead of building a store\n"
    "  --force       when the store already has enterprises, delete the store file (and its\n"
    "                -wal/-shm/-journal files: its ledger, factor overrides and audit log are\n"
    "                lost) and build the demo in a new one. Without it such a store is refused\n"
    "                (exit 1) and left untouched. Do not use it while another greenpark\n"
    "                process has the store open.\n"
    "\n"
    "The store is created (or migrated) and its factor library loaded as 'greenpark init'\n"
    "does; a store without enterprises keeps its factor overrides and audit log.\n"};
