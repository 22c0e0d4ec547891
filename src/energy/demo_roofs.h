/* demo_roofs.h — the demo park's rooftop census (docs/demo.md): every enterprise gets one to
 * three roofs covering 35-55 % of its land (a main workshop, an auxiliary workshop or
 * warehouse, an office block), light-steel workshop roofs with modules following their
 * 5-10 degree slope, flat concrete roofs with modules racked at 25 degrees and more room
 * between rows, facing south ± 30 degrees; about one enterprise in seven has some PV
 * already. Written as the CSV text 'greenpark import roofs' reads, so the demo passes the
 * same checks as any file. Pure: the same enterprises and seed give the same bytes. Sample
 * data (示例数据): the roofs are invented, and their names say so. */
#ifndef GP_DEMO_ROOFS_H
#define GP_DEMO_ROOFS_H

#include <stddef.h>
#include <stdint.h>

#include "core/registry.h"
#include "util/err.h"
#include "util/str.h"

/* Appends the header and the roofs of ents[0..n) to csv (initialised by the caller). */
int demo_roofs_generate(const struct enterprise *ents, size_t n, uint64_t seed, struct buf *csv,
			struct gp_err *err);

#endif
