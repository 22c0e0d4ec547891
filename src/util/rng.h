/* rng.h — a small seeded generator for the demo park's data: splitmix64 (Steele, Lea
 * & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014). Not for
 * secrets (util/secret.h is). The same seed and stream give the same numbers on every
 * machine, so the demo's files are byte-identical for a seed. */
#ifndef GP_RNG_H
#define GP_RNG_H

#include <stddef.h>
#include <stdint.h>

struct rng {
	uint64_t s;
};

uint64_t rng_next(struct rng *r);
/* Uniform in [0, 1): the top 53 bits. */
double rng_unit(struct rng *r);
/* Uniform in [0, n) (0 when n is 0). */
size_t rng_below(struct rng *r, size_t n);
/* Uniform in [lo, hi). */
double rng_range(struct rng *r, double lo, double hi);
/* 1 ± spread, uniform. */
double rng_noise(struct rng *r, double spread);
/* An independent stream of seed (e.g. one per enterprise, or one per module), so that
 * its numbers depend only on the seed and the stream number. */
void rng_stream(struct rng *r, uint64_t seed, uint64_t stream);

#endif
