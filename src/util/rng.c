/* rng.c — splitmix64. */
#include "util/rng.h"

uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

size_t rng_below(struct rng *r, size_t n)
{
	return n ? (size_t)(rng_next(r) % n) : 0;
}

double rng_range(struct rng *r, double lo, double hi)
{
	return lo + (hi - lo) * rng_unit(r);
}

double rng_noise(struct rng *r, double spread)
{
	return 1.0 + spread * (2.0 * rng_unit(r) - 1.0);
}

void rng_stream(struct rng *r, uint64_t seed, uint64_t stream)
{
	r->s = seed ^ (0xD1B54A32D192ED03ULL * (stream + 1));
	(void)rng_next(r);
}
