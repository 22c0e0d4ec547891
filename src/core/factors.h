/* factors.h — the factor library: activity items with their coefficients, grid
 * electricity CO2 factors by year and region, the electricity 等价值 by year, and
 * the park's own overrides (实测值). Pure: the store fills a factor_lib; this
 * module resolves which value applies to a year and says where it came from.
 *
 * Factor keys (used by overrides and shown with results):
 *   item.<code>.tce_per_unit   tce per canonical unit
 *   item.<code>.ncv            GJ per canonical unit
 *   item.<code>.cc             tC/TJ
 *   item.<code>.oxidation      fraction
 *   grid.<region>.<kind>       kgCO2/kWh (kind: average, excl_market_nonfossil, fossil,
 * carbon_market) electricity_equivalent     kgce/kWh (等价值) */
#ifndef GP_FACTORS_H
#define GP_FACTORS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"
#include "util/map.h"

#define ITEM_CODE_MAX     48
#define ITEM_MAX_UNITS    8
#define FACTOR_KEY_MAX    96
#define FACTOR_SOURCE_MAX 512
#define GRID_NAME_MAX     32
/* Item ids share a packed ledger key with enterprise and period (store_sqlite.c). */
#define ITEM_ID_MAX 4095

enum item_kind {
	ITEM_ELECTRICITY, /* electricity bought from the grid (fossil share) */
	ITEM_ELECTRICITY_NONFOSSIL,
	ITEM_ELECTRICITY_EXPORT,
	ITEM_FUEL,
	ITEM_HEAT,
	ITEM_HEAT_NONFOSSIL,
	ITEM_HEAT_EXPORT,
	ITEM_BIOMASS,
	ITEM_PROCESS,
	ITEM_WATER,
	ITEM_WASTE,
	ITEM_RESOURCE,
	ITEM_ECONOMIC,
	ITEM_POLLUTANT,
	ITEM_KIND_COUNT
};

enum confidence { CONF_CONFIRMED, CONF_SECONDARY, CONF_UNCONFIRMED, CONF_MEASURED };

struct item_unit {
	char symbol[24];
	double to_canonical; /* quantity in this unit × to_canonical = canonical quantity */
};

struct item {
	long long id; /* store id, 1..ITEM_ID_MAX */
	char code[ITEM_CODE_MAX];
	char category[24];
	char unit[24];                          /* canonical */
	struct item_unit units[ITEM_MAX_UNITS]; /* [0] is the canonical unit */
	int nunits;
	char name_zh[128];
	char name_en[128];
	double tce_per_unit;    /* NAN when absent or taken from the NCV */
	bool tce_from_ncv;      /* tce_per_unit was 'ncv': q × ncv / 29.3076 */
	double ncv_gj_per_unit; /* NAN when absent */
	double cc_tc_per_tj;    /* NAN when absent */
	double oxidation;       /* NAN when absent */
	enum item_kind kind;
	enum confidence confidence;
	char source[FACTOR_SOURCE_MAX];
};

struct grid_factor {
	int year;
	char grid[GRID_NAME_MAX];
	char kind[32];
	double kg_co2_per_kwh;
	enum confidence confidence;
	char source[FACTOR_SOURCE_MAX];
};

struct equivalent_factor {
	int year;
	double kgce_per_kwh;
	enum confidence confidence;
	char source[FACTOR_SOURCE_MAX];
};

struct factor_override {
	int year;
	char key[FACTOR_KEY_MAX];
	double value;
	char source[FACTOR_SOURCE_MAX];
	char set_by[64];
	char set_at[32];
};

struct factor_lib {
	struct item *items;
	size_t nitems, items_cap;
	struct grid_factor *grid;
	size_t ngrid, grid_cap;
	struct equivalent_factor *equiv;
	size_t nequiv, equiv_cap;
	struct factor_override *ovr;
	size_t novr, ovr_cap;
	struct strmap item_index; /* code → index in items; built by factors_index */
};

/* One factor as used by a computation: what it is, the year asked for and the
 * year whose value was used, the value and where it came from. */
struct factor_use {
	char key[FACTOR_KEY_MAX];
	int year_requested;
	int year_used; /* 0 for factors that have no year (item coefficients) */
	double value;
	char unit[24];
	enum confidence confidence;
	bool override;
	char source[FACTOR_SOURCE_MAX];
};

void factors_init(struct factor_lib *lib);
void factors_release(struct factor_lib *lib);

/* Appends copies (the store uses these while loading). */
void factors_add_item(struct factor_lib *lib, const struct item *it);
void factors_add_grid(struct factor_lib *lib, const struct grid_factor *g);
void factors_add_equivalent(struct factor_lib *lib, const struct equivalent_factor *e);
void factors_add_override(struct factor_lib *lib, const struct factor_override *o);

/* Builds the code → index map; call once after adding items. */
void factors_index(struct factor_lib *lib);

/* Index of the item with this code, or -1. */
int factors_item_index(const struct factor_lib *lib, const char *code);

/* Resolves an item coefficient ("tce_per_unit", "ncv", "cc", "oxidation") for a
 * year: the park's override for that year if any, else the library value.
 * Sets *use; returns GP_OK, or GP_EFACTOR when neither exists. */
int factors_item_value(const struct factor_lib *lib, int item, const char *field, int year,
		       struct factor_use *use, struct gp_err *err);

/* Resolves a yearly factor: "grid.<region>.<kind>" or "electricity_equivalent".
 * For the year and then each earlier year, the override for that year or else the
 * library row; the first found is used. When it is not the year asked for, a
 * warning ("grid factor north/average for 2024 not published; used 2023") is
 * written into warning (else warning[0] = '\0'). GP_EFACTOR when none exists. */
int factors_yearly(const struct factor_lib *lib, const char *key, int year, struct factor_use *use,
		   char *warning, size_t warnsz, struct gp_err *err);

/* Checks that key names a factor that exists in the library (for overrides):
 * GP_EINPUT with the list of valid forms otherwise. */
int factors_key_valid(const struct factor_lib *lib, const char *key, struct gp_err *err);

/* Parsers and names for the enums (names are the CSV spellings). */
int item_kind_parse(const char *s, enum item_kind *out);
const char *item_kind_name(enum item_kind k);
int confidence_parse(const char *s, enum confidence *out);
const char *confidence_name(enum confidence c);
const char *confidence_name_zh(enum confidence c);

/* Completes an item read from a table: parses "unit" and "alt_units" ('|'
 * separated) into units[] with their conversion factors, checks coefficients
 * that the item's kind needs. GP_EINPUT with a message naming the field. */
int item_prepare(struct item *it, const char *alt_units, struct gp_err *err);

/* Finds the accepted unit of item; returns GP_OK and the factor to canonical, or
 * GP_EINPUT with "unit 'x' not accepted for code (expected a, b, c)". */
int item_unit_factor(const struct item *it, const char *symbol, double *to_canonical,
		     struct gp_err *err);

/* The accepted units joined with ", " into out. */
void item_units_list(const struct item *it, char *out, size_t outsz);

/* GB/T 2589-2020: 1 kgce = 29.3076 MJ, so 1 tce = 29.3076 GJ. */
#define GJ_PER_TCE 29.3076

#endif
