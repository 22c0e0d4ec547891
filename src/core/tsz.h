/* tsz.h — compressed chunks of one meter's readings: (time, value) points with times
 * strictly increasing, as stored in the store's chunk rows. Pure: no I/O, no global
 * state; the decoder must never read past its input nor trust any count in it. The byte
 * format is described at the top of tsz.c. */
#ifndef GP_TSZ_H
#define GP_TSZ_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/str.h"

#define TSZ_MAX_POINTS 100000 /* points of one chunk */

/* The first byte of every chunk; a later format gets a new number and is read next to
 * this one. */
#define TSZ_VERSION 1

struct tsz_point {
	int64_t ts; /* Unix seconds */
	double v;   /* any double: NaN (payload kept), ±Inf, -0.0 round-trip bit for bit */
};

/* Appends the encoding of p[0..n) (n ≤ TSZ_MAX_POINTS, ts strictly increasing) to out.
 * GP_EINPUT when the times are not strictly increasing or n is too large (nothing
 * appended); GP_ETOOBIG when out's cap is reached (nothing appended either). n may be 0
 * (p may then be NULL): a chunk of no points. p is only read. */
int tsz_encode(const struct tsz_point *p, size_t n, struct buf *out, struct gp_err *err);

/* Decodes one chunk into a new array (*out, *n; the caller frees *out). Corrupt or truncated
 * input is GP_EINPUT with a message, never a read past len, never a crash, never more than
 * TSZ_MAX_POINTS points (fuzzed). Bytes after the chunk's end are corruption too: data[0..len)
 * must be exactly one chunk. On error *out is NULL and *n is 0. A chunk of no points gives
 * *n = 0 and an allocated *out that must still be freed. */
int tsz_decode(const unsigned char *data, size_t len, struct tsz_point **out, size_t *n,
	       struct gp_err *err);

/* How many points a chunk holds, and its first and last time, from its header alone (the
 * rest of the chunk is not checked; tsz_decode does that). A chunk of no points gives 0, 0, 0.
 * first_ts and last_ts may be NULL. GP_EINPUT for an unknown version or a corrupt header. */
int tsz_peek(const unsigned char *data, size_t len, size_t *n, int64_t *first_ts, int64_t *last_ts,
	     struct gp_err *err);

#endif
