/* roof.h — an enterprise's roof as the rooftop census sees it: its area, tilt, azimuth and
 * the share of it that can carry modules, and from those the PV capacity it can hold
 * (docs/planning.md, "Rooftop census"). Pure: parses and checks fields, computes kWp. */
#ifndef GP_ROOF_H
#define GP_ROOF_H

#include <stdbool.h>
#include <stdint.h>

#include "core/uscc.h"
#include "util/err.h"

#define ROOF_NAME_MAX       64
#define ROOF_AREA_MAX_M2    1e6 /* one roof: 1 km² at most */
#define ROOF_KWP_PER_M2_MAX 0.3 /* above any module made today (about 0.23 kWp/m²) */
/* Modules' capacity per m² of usable roof when a roof names none: 550 W modules of about
 * 2.58 m² give 0.213 kWp/m²; 0.2 leaves room for walkways between rows. */
#define ROOF_KWP_PER_M2_DEFAULT 0.2

struct roof {
	int64_t id;
	int64_t enterprise_id;
	char uscc[USCC_LEN + 1];
	char name[ROOF_NAME_MAX + 1];
	double area_m2;       /* the roof's plan area */
	double tilt_deg;      /* of the modules it would carry: 0 flat .. 90 */
	double azimuth_deg;   /* the modules' facing, eastward from north: 180 south */
	double usable_share;  /* of the area that can carry modules, (0, 1] */
	double kwp_per_m2;    /* capacity per m² of usable area; NAN: the park's default */
	double installed_kwp; /* PV already on the roof, >= 0 */
};

/* Checks a roof's fields (name, area in (0, ROOF_AREA_MAX_M2], tilt 0-90, azimuth
 * [0, 360), usable share (0, 1], kWp/m² (0, ROOF_KWP_PER_M2_MAX] or NAN, installed kWp
 * between 0 and the roof's capacity); GP_EINPUT naming the field and the expected form. */
int roof_validate(const struct roof *r, double default_kwp_per_m2, struct gp_err *err);

/* The PV capacity the roof can hold: area × usable share × kWp/m² (the roof's, or
 * default_kwp_per_m2). */
double roof_kwp(const struct roof *r, double default_kwp_per_m2);

#endif
