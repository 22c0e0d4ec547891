/* demo.h — the demo park (DESIGN.md "Demo park"): a park modelled on the published
 * facts about 山亭经济开发区 (2023), with fictional enterprises and three years of
 * generated monthly ledger data, produced as the three CSV texts of the import
 * contract (enterprises.csv, platforms.csv, activity.csv) so that the demo goes
 * through the same validation as any file a person imports. docs/demo.md lists
 * every assumption. Pure: no I/O, no store, no global state; the same seed gives
 * byte-identical texts. */
#ifndef GP_DEMO_H
#define GP_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "core/registry.h"
#include "util/err.h"
#include "util/str.h"

/* The seed used when none is given: the 行政区划代码 of 山亭区. */
#define DEMO_SEED_DEFAULT 370406u

/* The ledger covers every month of these years. */
#define DEMO_FIRST_YEAR 2022
#define DEMO_LAST_YEAR  2024

/* Published facts the demo reproduces exactly (DESIGN.md "Demo park"; 2023). */
#define DEMO_ENTERPRISES           64
#define DEMO_HIGH_TECH             38 /* 高新技术企业: 38/64 = 59.375 %, published as 59.3 % */
#define DEMO_SRDI                  27 /* 专精特新: 27/64 = 42.19 %, published as 42 % */
#define DEMO_RD                    38 /* R&D platforms (研发平台), provincial + municipal */
#define DEMO_INNOVATION_PROVINCIAL 5
#define DEMO_INNOVATION_MUNICIPAL  5
/* The demo's choice for the published "38 provincial and municipal R&D platforms". */
#define DEMO_RD_PROVINCIAL 14
#define DEMO_RD_MUNICIPAL  24

/* The generated files. Each buffer holds one CSV text (UTF-8, no BOM, LF line
 * ends, header first) in exactly the format 'greenpark import' reads. */
struct demo_data {
	struct buf enterprises_csv; /* uscc,name,subpark,industry_code,leading_industry,... */
	struct buf platforms_csv;   /* name,level,kind,uscc,year */
	struct buf activity_csv;    /* uscc,period,item,quantity,unit */
	size_t enterprises;         /* data rows of each file */
	size_t platforms;
	size_t activity_rows;
};

/* Fills the demo park's attributes into out: name 山亭经济开发区, region
 * 山东省枣庄市山亭区, grid north (华北), time zone Asia/Shanghai, a sample industrial
 * land area, and sample = true (the park holds sample data, which the web layer
 * shows). Only those six fields are written; out->id and anything else the caller
 * read from the store are left as they are. */
void demo_park(struct park *out);

/* Generates the demo for seed into out (which need not be initialised; it is
 * overwritten). The registry (names, codes, sub-parks, industries, high-tech and
 * 专精特新 flags, platforms) is the same for every seed; employees, land and every
 * ledger value depend on the seed. Returns GP_OK, or GP_ETOOBIG if a text would
 * pass its cap (err says which; out then holds nothing to release). On success the
 * caller owns out and frees it with demo_data_release. */
int demo_generate(uint64_t seed, struct demo_data *out, struct gp_err *err);

/* Frees the three texts; out may be reused after demo_generate. */
void demo_data_release(struct demo_data *d);

#endif
