/* demo_roofs.c — the demo park's roofs (demo_roofs.h). */
#include "energy/demo_roofs.h"

#include <math.h>

#include "energy/roof.h"
#include "util/rng.h"

#define DEMO_ROOFS_STREAM 0x524F4F46u /* "ROOF": this generator's own random stream */

struct roof_kind {
	const char *name;
	double share; /* of the enterprise's roof area */
	double tilt_lo, tilt_hi;
	double usable_lo, usable_hi;
};

/* light-steel workshops carry modules flush with the roof; a flat concrete roof racks them at
 * 25 degrees, with gaps between rows so they do not shade each other */
static const struct roof_kind kinds[3] = {
    {"主厂房（示例）", 0.62, 5, 10, 0.70, 0.85},
    {"辅助厂房（示例）", 0.28, 5, 10, 0.65, 0.80},
    {"办公楼（示例）", 0.10, 25, 25, 0.40, 0.55},
};

int demo_roofs_generate(const struct enterprise *ents, size_t n, uint64_t seed, struct buf *csv,
			struct gp_err *err)
{
	if (buf_adds(csv, "uscc,roof,area_m2,tilt_deg,azimuth_deg,usable_share,kwp_per_m2,"
			  "installed_kwp\n") != GP_OK)
		return gp_err_set(err, GP_ETOOBIG, "demo roofs: the text outgrew its buffer");
	for (size_t i = 0; i < n; i++) {
		struct rng r;
		size_t nroofs;
		double roof_m2;
		bool has_pv;

		rng_stream(&r, seed ^ DEMO_ROOFS_STREAM, (uint64_t)i);
		nroofs = 1 + rng_below(&r, 3);
		roof_m2 =
		    (ents[i].land_m2 > 0 ? ents[i].land_m2 : 20000) * rng_range(&r, 0.35, 0.55);
		has_pv = rng_below(&r, 7) == 0;
		for (size_t k = 0; k < nroofs; k++) {
			/* with fewer roofs the main workshop takes the others' share */
			double share = nroofs == 1   ? 1.0
				       : nroofs == 2 ? (k == 0 ? 0.72 : 0.28)
						     : kinds[k].share;
			double area = round(roof_m2 * share);
			double tilt = round(rng_range(&r, kinds[k].tilt_lo, kinds[k].tilt_hi));
			double azimuth = round(180 + rng_range(&r, -30, 30));
			double usable =
			    round(100 * rng_range(&r, kinds[k].usable_lo, kinds[k].usable_hi)) /
			    100;
			double installed = 0;

			if (has_pv && k == 0) /* part of the main roof, in 10 kWp steps */
				installed = 10 * floor(area * usable * ROOF_KWP_PER_M2_DEFAULT *
						       rng_range(&r, 0.2, 0.6) / 10);
			if (buf_addf(csv, "%s,%s,%.0f,%.0f,%.0f,%.2f,,%.0f\n", ents[i].uscc,
				     kinds[k].name, area, tilt, azimuth, usable,
				     installed) != GP_OK)
				return gp_err_set(err, GP_ETOOBIG,
						  "demo roofs: the text outgrew its buffer");
		}
	}
	return GP_OK;
}
