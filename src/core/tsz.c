/* tsz.c — the chunk codec of tsz.h: one meter's (time, value) points compressed into one
 * byte string. Pure. The decoder trusts nothing it reads: every count is capped, every read
 * is bounded by len, and every decoded chunk is one the encoder accepts again.
 *
 * Format, version 1, byte by byte.
 *
 * "varint" is unsigned LEB128 (7 bits a byte, least significant group first, high bit set
 * on every byte but the last; at most 10 bytes). "zvarint" is the varint of a signed 64-bit
 * integer through the zig-zag map (0, -1, 1, -2, 2 ... -> 0, 1, 2, 3, 4 ...). Arithmetic on
 * times, deltas and integers is modulo 2^64, so every int64 round-trips, gaps of centuries
 * included. Bit streams are written most significant bit first and padded with zero bits to
 * a whole byte; the decoder rejects nonzero padding and any byte after the chunk's end.
 *
 *   byte 0          version, TSZ_VERSION = 1
 *   varint          n, the number of points, 0..TSZ_MAX_POINTS
 *   if n >= 1:      zvarint  first_ts
 *   if n >= 2:      varint   last_ts - first_ts (> 0)            <- tsz_peek reads up to here
 *   if n >= 2:      seq      the n - 1 deltas ts[j] - ts[j-1], j = 1..n-1
 *   if n >= 1:      byte     value mode: 0 = XOR, 1 + k = decimal with k decimals, k = 0..6
 *                   then in decimal mode a seq of the n integers i[j], |i[j]| < 2^53, with
 *                   v[j] = (double)i[j] / 10^k exactly as the decoder computes it (IEEE 754
 *                   division, correctly rounded; 10^k is exact for k <= 22); in XOR mode an
 *                   XOR stream of the n values.
 *
 * A seq holds count integers x[0..count) (count >= 1, known from the context):
 *   byte      order o = 0, 1 or 2, o <= count: the residuals are x itself (0), its first
 *             differences (1) or its second differences (2, delta-of-delta)
 *   zvarint   x[0] (when o >= 1), then x[1] - x[0] (when o = 2)
 *   zvarint   ref, subtracted from every residual (the encoder takes their median)
 *   byte      w1, then byte w2, with w1 <= w2 <= 64
 *   bits      the count - o residuals r, each as z = zigzag(r - ref): when w1 < w2 a flag bit,
 *             0 followed by z in w1 bits or 1 followed by z in w2 bits; when w1 = w2 just z in
 *             w1 bits (no bits at all when w1 = w2 = 0). Then padding.
 * The encoder tries the orders in turn (up to one that needs no residual bits, which no higher
 * order beats) and every w1 (w2 is the widest z), and keeps the fewest bytes.
 * This is Gorilla's delta-of-delta idea (below) with the bucket widths fitted to each chunk:
 * regular 15-minute times are all deltas 900 (ref 900, w1 = w2 = 0: no bits per point, and one
 * flag bit per point when a few deltas differ); a steadily rising counter is its first
 * differences, a few bits each around their median.
 *
 * XOR stream (Pelkonen et al., "Gorilla: a fast, scalable, in-memory time series database",
 * VLDB 2015, section 4.1.2), on the IEEE 754 bits of the values:
 *   64 bits         the first value
 *   for each further value, x = its bits ^ the previous value's bits:
 *     '0'                                 x = 0
 *     '10' then 64 - lead - trail bits    x >> trail, within the window (lead, trail)
 *                                         opened last; before any window this is corruption
 *     '11' then lead in 5 bits, len in 6 bits (64 written as 0), then len bits
 *                                         x >> (64 - lead - len); lead + len <= 64; opens the
 *                                         window (lead, 64 - lead - len)
 *   then padding. The encoder caps lead at 31 and reuses the window unless a new one
 *   is shorter in all.
 */
#include "core/tsz.h"

#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define VALUE_MODE_XOR 0
#define DECIMAL_MAX_K  6
#define DECIMAL_LIMIT  9007199254740992.0 /* 2^53: |i| below it converts to double exactly */
#define SEQ_MAX_ORDER  2
#define XOR_MAX_LEAD   31
#define VARINT_MAX     10

static const double pow10_exact[DECIMAL_MAX_K + 1] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};

static uint64_t zigzag(uint64_t x)
{
	return (x << 1) ^ (0 - (x >> 63));
}

static uint64_t unzigzag(uint64_t z)
{
	return (z >> 1) ^ (0 - (z & 1));
}

/* The int64 of the same bits (a conversion of an out-of-range uint64 is only
 * implementation-defined in C; memcpy is exact everywhere). */
static int64_t to_i64(uint64_t u)
{
	int64_t i;

	memcpy(&i, &u, sizeof(i));
	return i;
}

static uint64_t double_bits(double v)
{
	uint64_t u;

	memcpy(&u, &v, sizeof(u));
	return u;
}

static double bits_double(uint64_t u)
{
	double v;

	memcpy(&v, &u, sizeof(v));
	return v;
}

static unsigned bit_width(uint64_t z)
{
	return z ? 64u - (unsigned)__builtin_clzll(z) : 0u;
}

static unsigned varint_len(uint64_t x)
{
	unsigned n = 1;

	while (x >= 0x80) {
		x >>= 7;
		n++;
	}
	return n;
}

/* ---- writing ------------------------------------------------------------------------- */

/* The encoder writes into its own uncapped buffer (the caller's cap is applied once, at the
 * end), so these appends cannot fail. */
static void put_u8(struct buf *b, unsigned c)
{
	unsigned char byte = (unsigned char)c;

	(void)buf_add(b, &byte, 1);
}

static void put_varint(struct buf *b, uint64_t x)
{
	unsigned char tmp[VARINT_MAX];
	size_t n = 0;

	while (x >= 0x80) {
		tmp[n++] = (unsigned char)(x | 0x80);
		x >>= 7;
	}
	tmp[n++] = (unsigned char)x;
	(void)buf_add(b, tmp, n);
}

struct bitw {
	struct buf *b;
	uint64_t acc;  /* the low nacc bits are pending */
	unsigned nacc; /* < 8 between calls */
	unsigned char pend[64];
	size_t npend;
};

static void bw_init(struct bitw *w, struct buf *b)
{
	w->b = b;
	w->acc = 0;
	w->nacc = 0;
	w->npend = 0;
}

static void bw_drain(struct bitw *w)
{
	(void)buf_add(w->b, w->pend, w->npend);
	w->npend = 0;
}

/* Appends the low nbits (0..64) of v. */
static void bw_put(struct bitw *w, uint64_t v, unsigned nbits)
{
	if (nbits > 56) {
		bw_put(w, v >> 32, nbits - 32);
		nbits = 32;
	}
	if (nbits == 0)
		return;
	v &= ((uint64_t)1 << nbits) - 1;
	w->acc = (w->acc << nbits) | v;
	w->nacc += nbits;
	while (w->nacc >= 8) {
		w->nacc -= 8;
		w->pend[w->npend++] = (unsigned char)(w->acc >> w->nacc);
		if (w->npend == sizeof(w->pend))
			bw_drain(w);
	}
}

/* Pads the last byte with zero bits and writes everything out. */
static void bw_flush(struct bitw *w)
{
	if (w->nacc > 0)
		w->pend[w->npend++] = (unsigned char)(w->acc << (8 - w->nacc));
	w->nacc = 0;
	bw_drain(w);
}

/* ---- seq: an integer sequence as residuals of order 0-2 in two fitted widths ----------- */

struct seq_plan {
	unsigned order, w1, w2;
	uint64_t ref;
	size_t bytes;
};

/* The residuals of order o of x[0..count) into res; returns how many (count - o). */
static size_t seq_residuals(const uint64_t *x, size_t count, unsigned o, uint64_t *res)
{
	size_t m = count - o;

	for (size_t j = 0; j < m; j++) {
		size_t i = j + o;

		if (o == 0)
			res[j] = x[i];
		else if (o == 1)
			res[j] = x[i] - x[i - 1];
		else
			res[j] = x[i] - 2 * x[i - 1] + x[i - 2];
	}
	return m;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The value that would be at index k (< n) were a[0..n) sorted; a is reordered. Hoare's FIND
 * with a median-of-three pivot, O(n) expected; after 64 rounds the rest of the range is
 * sorted, so no input costs more than O(n log n). The median only sizes the chunk: any ref
 * decodes correctly. */
static int64_t select_kth(int64_t *a, size_t n, size_t k)
{
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, want = (ptrdiff_t)k;

	for (int round = 0; lo < hi; round++) {
		int64_t x = a[lo], y = a[lo + (hi - lo) / 2], z = a[hi], pivot;
		ptrdiff_t i = lo, j = hi;

		if (round == 64) {
			qsort(a + lo, (size_t)(hi - lo + 1), sizeof(*a), cmp_i64);
			break;
		}
		pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j) {
				int64_t t = a[i];

				a[i++] = a[j];
				a[j--] = t;
			}
		}
		/* now a[lo..j] <= pivot <= a[i..hi], and a[j+1..i-1] == pivot */
		if (want <= j)
			hi = j;
		else if (want >= i)
			lo = i;
		else
			break;
	}
	return a[want];
}

static void seq_plan_order(const uint64_t *x, size_t count, unsigned o, uint64_t *res,
			   int64_t *sorted, struct seq_plan *pl)
{
	size_t hist[65] = {0};
	size_t m = seq_residuals(x, count, o, res), below = 0, best_bits = SIZE_MAX;
	unsigned w2 = 0;

	pl->order = o;
	pl->ref = 0;
	if (m > 0) {
		for (size_t j = 0; j < m; j++)
			sorted[j] = to_i64(res[j]);
		pl->ref = (uint64_t)select_kth(sorted, m, (m - 1) / 2);
	}
	for (size_t j = 0; j < m; j++) {
		unsigned w = bit_width(zigzag(res[j] - pl->ref));

		hist[w]++;
		if (w > w2)
			w2 = w;
	}
	pl->w1 = pl->w2 = w2;
	for (unsigned w1 = 0; w1 <= w2; w1++) {
		size_t bits;

		below += hist[w1];
		bits = (w1 < w2 ? m : 0) + below * w1 + (m - below) * w2;
		if (bits < best_bits) {
			best_bits = bits;
			pl->w1 = w1;
		}
	}
	pl->bytes = 1 + varint_len(zigzag(pl->ref)) + 2 + (best_bits + 7) / 8;
	if (o >= 1)
		pl->bytes += varint_len(zigzag(x[0]));
	if (o >= 2)
		pl->bytes += varint_len(zigzag(x[1] - x[0]));
}

/* Appends the seq of x[0..count), count >= 1; res and sorted hold count elements. */
static void seq_encode(struct buf *b, const uint64_t *x, size_t count, uint64_t *res,
		       int64_t *sorted)
{
	struct seq_plan best, pl;
	struct bitw w;
	size_t m;

	seq_plan_order(x, count, 0, res, sorted, &best);
	/* an order whose residuals are all its ref (no residual bits: regular times, constant
	 * deltas) is the best: a higher one has no fewer bits and one more header varint */
	for (unsigned o = 1; best.w2 != 0 && o <= SEQ_MAX_ORDER && o <= count; o++) {
		seq_plan_order(x, count, o, res, sorted, &pl);
		if (pl.bytes < best.bytes)
			best = pl;
	}
	m = seq_residuals(x, count, best.order, res);
	put_u8(b, best.order);
	if (best.order >= 1)
		put_varint(b, zigzag(x[0]));
	/* order 2 only when count >= 2, so x[1] is set (the analyzer loses that through the
	 * caller's stack arrays) */
	if (best.order >= 2) {
		uint64_t d =
		    x[1] - x[0]; // NOLINT(clang-analyzer-core.UndefinedBinaryOperatorResult)
		put_varint(b, zigzag(d));
	}
	put_varint(b, zigzag(best.ref));
	put_u8(b, best.w1);
	put_u8(b, best.w2);
	bw_init(&w, b);
	for (size_t j = 0; j < m; j++) {
		uint64_t z = zigzag(res[j] - best.ref);

		if (best.w1 == best.w2) {
			bw_put(&w, z, best.w1);
		} else if (bit_width(z) <= best.w1) {
			bw_put(&w, 0, 1);
			bw_put(&w, z, best.w1);
		} else {
			bw_put(&w, 1, 1);
			bw_put(&w, z, best.w2);
		}
	}
	bw_flush(&w);
}

/* ---- values ------------------------------------------------------------------------ */

/* An integer i, |i| < 2^53, with (double)i / 10^k bit-identical to v, if there is one. */
static bool decimal_int(double v, unsigned k, int64_t *out)
{
	double t = v * pow10_exact[k];
	long long r;

	if (!(fabs(t) < DECIMAL_LIMIT))
		return false;
	r = llround(t);
	/* v * 10^k is itself rounded, so the integer may be a neighbour of the nearest one:
	 * the nearest first, the usual answer */
	for (int d = 0; d < 3; d++) {
		long long c = r + (d == 0 ? 0 : d == 1 ? -1 : 1);
		if (!(fabs((double)c) < DECIMAL_LIMIT))
			continue;
		if (double_bits((double)c / pow10_exact[k]) == double_bits(v)) {
			*out = c;
			return true;
		}
	}
	return false;
}

/* The fewest decimals k with which every value is (double)i / 10^k, the integers into ints;
 * -1 when there is none (a NaN, an infinity, -0.0, too many digits). */
static int decimal_digits(const struct tsz_point *p, size_t n, uint64_t *ints)
{
	for (unsigned k = 0; k <= DECIMAL_MAX_K; k++) {
		size_t j;

		for (j = 0; j < n; j++) {
			int64_t i;

			if (!isfinite(p[j].v))
				return -1;
			if (!decimal_int(p[j].v, k, &i))
				break;
			ints[j] = (uint64_t)i;
		}
		if (j == n)
			return (int)k;
	}
	return -1;
}

/* The XOR stream of p[0..n) into w, or with w NULL only its length: returns its bits before
 * padding. One pass serves both, so the size compared with decimal mode is the size written. */
static size_t xor_pass(struct bitw *w, const struct tsz_point *p, size_t n)
{
	uint64_t prev = double_bits(p[0].v);
	unsigned wlead = 0, wtrail = 0;
	bool window = false;
	size_t bits = 64;

	if (w)
		bw_put(w, prev, 64);
	for (size_t j = 1; j < n; j++) {
		uint64_t cur = double_bits(p[j].v), x = cur ^ prev;
		unsigned lead, trail, len;

		prev = cur;
		if (x == 0) {
			bits += 1;
			if (w)
				bw_put(w, 0, 1);
			continue;
		}
		lead = (unsigned)__builtin_clzll(x);
		if (lead > XOR_MAX_LEAD)
			lead = XOR_MAX_LEAD;
		trail = (unsigned)__builtin_ctzll(x);
		len = 64 - lead - trail;
		/* The window costs its length; a new one costs 11 bits more than its own length. */
		if (window && lead >= wlead && trail >= wtrail && 64 - wlead - wtrail <= len + 11) {
			bits += 2 + (64 - wlead - wtrail);
			if (w) {
				bw_put(w, 2, 2);
				bw_put(w, x >> wtrail, 64 - wlead - wtrail);
			}
		} else {
			bits += 2 + 5 + 6 + len;
			if (w) {
				bw_put(w, 3, 2);
				bw_put(w, lead, 5);
				bw_put(w, len & 63, 6);
				bw_put(w, x >> trail, len);
			}
			window = true;
			wlead = lead;
			wtrail = trail;
		}
	}
	return bits;
}

/* ---- encoder ----------------------------------------------------------------------- */

/* Points up to this many are encoded with scratch arrays on the stack (a day of 15-minute
 * or 1-minute readings), more with the heap. */
#define ENCODE_STACK_POINTS 1024

int tsz_encode(const struct tsz_point *p, size_t n, struct buf *out, struct gp_err *err)
{
	uint64_t x_stack[ENCODE_STACK_POINTS], res_stack[ENCODE_STACK_POINTS];
	int64_t sorted_stack[ENCODE_STACK_POINTS];
	uint64_t *x = x_stack, *res = res_stack;
	int64_t *sorted = sorted_stack;
	struct buf chunk;
	int k, rc = GP_OK;

	if (n > TSZ_MAX_POINTS)
		return gp_err_set(err, GP_EINPUT, "chunk of %zu points (at most %d)", n,
				  TSZ_MAX_POINTS);
	for (size_t j = 1; j < n; j++)
		if (p[j].ts <= p[j - 1].ts)
			return gp_err_set(err, GP_EINPUT,
					  "point %zu has time %" PRId64
					  ", not after point %zu's %" PRId64
					  " (times must strictly increase)",
					  j, p[j].ts, j - 1, p[j - 1].ts);

	buf_init(&chunk, 0);
	put_u8(&chunk, TSZ_VERSION);
	put_varint(&chunk, n);
	if (n == 0)
		goto append;
	if (n > ENCODE_STACK_POINTS) {
		x = xmalloc(n * sizeof(*x));
		res = xmalloc(n * sizeof(*res));
		sorted = xmalloc(n * sizeof(*sorted));
	}
	put_varint(&chunk, zigzag((uint64_t)p[0].ts));
	if (n >= 2) {
		put_varint(&chunk, (uint64_t)p[n - 1].ts - (uint64_t)p[0].ts);
		for (size_t j = 1; j < n; j++)
			x[j - 1] = (uint64_t)p[j].ts - (uint64_t)p[j - 1].ts;
		seq_encode(&chunk, x, n - 1, res, sorted);
	}

	/* Values: decimal mode when every value has one, unless XOR comes out smaller. */
	k = decimal_digits(p, n, x);
	if (k >= 0) {
		size_t mark = chunk.len, xor_bytes = (xor_pass(NULL, p, n) + 7) / 8;

		put_u8(&chunk, 1 + (unsigned)k);
		seq_encode(&chunk, x, n, res, sorted);
		if (chunk.len - mark > 1 + xor_bytes)
			chunk.len = mark; /* our own buffer: drop the decimal attempt */
		else
			goto append;
	}
	put_u8(&chunk, VALUE_MODE_XOR);
	{
		struct bitw w;
		bw_init(&w, &chunk);
		xor_pass(&w, p, n);
		bw_flush(&w);
	}

append:
	if (buf_add(out, chunk.data, chunk.len) != GP_OK)
		rc = gp_err_set(
		    err, GP_ETOOBIG,
		    "chunk of %zu points is %zu bytes, past the buffer's cap (%zu of %zu "
		    "bytes used)",
		    n, chunk.len, out->len, out->max);
	if (x != x_stack) {
		free(x);
		free(res);
		free(sorted);
	}
	buf_release(&chunk);
	return rc;
}

/* ---- reading ----------------------------------------------------------------------- */

struct rd {
	const unsigned char *p;
	size_t len;
	size_t pos;   /* the next byte */
	unsigned bit; /* bits of p[pos] already read inside a bit stream, 0..7 */
};

static int truncated(const struct rd *r, const char *what, struct gp_err *err)
{
	return gp_err_set(err, GP_EINPUT, "chunk truncated in the %s (%zu bytes)", what, r->len);
}

static bool rd_u8(struct rd *r, unsigned *c)
{
	if (r->pos >= r->len)
		return false;
	*c = r->p[r->pos++];
	return true;
}

/* false when the input ends inside the varint or it overflows 64 bits. */
static bool rd_varint(struct rd *r, uint64_t *x)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < VARINT_MAX; i++) {
		unsigned c;

		if (r->pos >= r->len)
			return false;
		c = r->p[r->pos++];
		if (i == VARINT_MAX - 1 && c > 1)
			return false;
		v |= (uint64_t)(c & 0x7f) << (7 * i);
		if (!(c & 0x80)) {
			*x = v;
			return true;
		}
	}
	return false;
}

static int varint_field(struct rd *r, uint64_t *x, const char *what, struct gp_err *err)
{
	size_t at = r->pos;

	*x = 0;
	if (rd_varint(r, x))
		return GP_OK;
	if (r->pos >= r->len)
		return truncated(r, what, err);
	return gp_err_set(err, GP_EINPUT, "chunk has an overlong integer at byte %zu (the %s)", at,
			  what);
}

static bool rd_bits(struct rd *r, unsigned nbits, uint64_t *v)
{
	uint64_t x = 0;
	size_t left = r->len - r->pos;

	if (left <= 9 && left * 8 - r->bit < nbits)
		return false;
	while (nbits > 0) {
		unsigned avail = 8 - r->bit, take = nbits > 8 ? 8 : nbits;
		unsigned byte = r->p[r->pos];

		if (take > avail)
			take = avail;
		x = (x << take) | ((byte >> (avail - take)) & ((1u << take) - 1));
		nbits -= take;
		r->bit += take;
		if (r->bit == 8) {
			r->bit = 0;
			r->pos++;
		}
	}
	*v = x;
	return true;
}

/* Ends a bit stream: the rest of its last byte must be zero padding. */
static int rd_align(struct rd *r, const char *what, struct gp_err *err)
{
	if (r->bit == 0)
		return GP_OK;
	if (r->p[r->pos] & ((1u << (8 - r->bit)) - 1))
		return gp_err_set(err, GP_EINPUT, "chunk has nonzero padding at byte %zu (the %s)",
				  r->pos, what);
	r->bit = 0;
	r->pos++;
	return GP_OK;
}

struct header {
	size_t n;
	int64_t first_ts, last_ts;
};

static int header_read(struct rd *r, struct header *h, struct gp_err *err)
{
	unsigned version;
	uint64_t x;
	int rc;

	h->n = 0;
	h->first_ts = h->last_ts = 0;
	if (!rd_u8(r, &version))
		return gp_err_set(err, GP_EINPUT, "chunk is empty (expected version %d)",
				  TSZ_VERSION);
	if (version != TSZ_VERSION)
		return gp_err_set(err, GP_EINPUT, "chunk has version %u (this build reads %d)",
				  version, TSZ_VERSION);
	if ((rc = varint_field(r, &x, "point count", err)) != GP_OK)
		return rc;
	if (x > TSZ_MAX_POINTS)
		return gp_err_set(err, GP_EINPUT, "chunk claims %" PRIu64 " points (at most %d)", x,
				  TSZ_MAX_POINTS);
	h->n = (size_t)x;
	if (h->n == 0)
		return GP_OK;
	if ((rc = varint_field(r, &x, "first time", err)) != GP_OK)
		return rc;
	h->first_ts = h->last_ts = to_i64(unzigzag(x));
	if (h->n == 1)
		return GP_OK;
	if ((rc = varint_field(r, &x, "time span", err)) != GP_OK)
		return rc;
	h->last_ts = to_i64((uint64_t)h->first_ts + x);
	if (h->last_ts <= h->first_ts)
		return gp_err_set(err, GP_EINPUT,
				  "chunk's last time %" PRId64 " is not after its first %" PRId64,
				  h->last_ts, h->first_ts);
	return GP_OK;
}

/* Reads a seq of count >= 1 integers into x. */
static int seq_decode(struct rd *r, size_t count, uint64_t *x, const char *what, struct gp_err *err)
{
	unsigned order, w1, w2;
	uint64_t ref, d = 0, first;
	int rc;

	if (!rd_u8(r, &order))
		return truncated(r, what, err);
	if (order > SEQ_MAX_ORDER || order > count)
		return gp_err_set(
		    err, GP_EINPUT,
		    "chunk's %s have order %u (expected 0-%d, at most their count %zu)", what,
		    order, SEQ_MAX_ORDER, count);
	if (order >= 1) {
		if ((rc = varint_field(r, &first, what, err)) != GP_OK)
			return rc;
		x[0] = unzigzag(first);
	}
	if (order >= 2) {
		if ((rc = varint_field(r, &first, what, err)) != GP_OK)
			return rc;
		d = unzigzag(first);
		x[1] = x[0] + d;
	}
	if ((rc = varint_field(r, &ref, what, err)) != GP_OK)
		return rc;
	ref = unzigzag(ref);
	if (!rd_u8(r, &w1) || !rd_u8(r, &w2))
		return truncated(r, what, err);
	if (w1 > w2 || w2 > 64)
		return gp_err_set(err, GP_EINPUT,
				  "chunk's %s have widths %u and %u (expected w1 <= w2 <= 64)",
				  what, w1, w2);
	for (size_t j = order; j < count; j++) {
		uint64_t flag = 0, z, res;

		if (w1 < w2 && !rd_bits(r, 1, &flag))
			return truncated(r, what, err);
		if (!rd_bits(r, flag ? w2 : w1, &z))
			return truncated(r, what, err);
		res = ref + unzigzag(z);
		if (order == 0) {
			x[j] = res;
		} else if (order == 1) {
			x[j] = x[j - 1] + res;
		} else {
			d += res;
			x[j] = x[j - 1] + d;
		}
	}
	return rd_align(r, what, err);
}

static int xor_decode(struct rd *r, struct tsz_point *p, size_t n, struct gp_err *err)
{
	static const char what[] = "values (XOR)";
	uint64_t prev;
	unsigned wlead = 0, wtrail = 0;
	bool window = false;

	if (!rd_bits(r, 64, &prev))
		return truncated(r, what, err);
	p[0].v = bits_double(prev);
	for (size_t j = 1; j < n; j++) {
		uint64_t ctl, m, lead, len;

		if (!rd_bits(r, 1, &ctl))
			return truncated(r, what, err);
		if (ctl) {
			if (!rd_bits(r, 1, &ctl))
				return truncated(r, what, err);
			if (!ctl) {
				if (!window)
					return gp_err_set(err, GP_EINPUT,
							  "chunk's value %zu reuses an XOR window "
							  "before any was opened",
							  j);
			} else {
				if (!rd_bits(r, 5, &lead) || !rd_bits(r, 6, &len))
					return truncated(r, what, err);
				if (len == 0)
					len = 64;
				if (lead + len > 64)
					return gp_err_set(err, GP_EINPUT,
							  "chunk's value %zu has an XOR window of "
							  "%" PRIu64 " + %" PRIu64
							  " bits (over 64)",
							  j, lead, len);
				window = true;
				wlead = (unsigned)lead;
				wtrail = (unsigned)(64 - lead - len);
			}
			if (!rd_bits(r, 64 - wlead - wtrail, &m))
				return truncated(r, what, err);
			prev ^= m << wtrail;
		}
		p[j].v = bits_double(prev);
	}
	return rd_align(r, what, err);
}

/* ---- decoder ----------------------------------------------------------------------- */

int tsz_decode(const unsigned char *data, size_t len, struct tsz_point **out, size_t *n,
	       struct gp_err *err)
{
	struct rd r = {data, len, 0, 0};
	struct header h;
	struct tsz_point *p = NULL;
	uint64_t *x = NULL;
	unsigned mode;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = header_read(&r, &h, err)) != GP_OK)
		return rc;
	p = xmalloc((h.n ? h.n : 1) * sizeof(*p));
	if (h.n == 0)
		goto end;
	x = xmalloc(h.n * sizeof(*x));
	p[0].ts = h.first_ts;
	if (h.n >= 2) {
		uint64_t ts = (uint64_t)h.first_ts;

		if ((rc = seq_decode(&r, h.n - 1, x, "times", err)) != GP_OK)
			goto fail;
		for (size_t j = 1; j < h.n; j++) {
			ts += x[j - 1];
			p[j].ts = to_i64(ts);
			if (p[j].ts <= p[j - 1].ts) {
				rc = gp_err_set(err, GP_EINPUT,
						"chunk's point %zu has time %" PRId64
						", not after point %zu's %" PRId64,
						j, p[j].ts, j - 1, p[j - 1].ts);
				goto fail;
			}
		}
		if (p[h.n - 1].ts != h.last_ts) {
			rc = gp_err_set(err, GP_EINPUT,
					"chunk's times end at %" PRId64
					" but its header says %" PRId64,
					p[h.n - 1].ts, h.last_ts);
			goto fail;
		}
	}
	if (!rd_u8(&r, &mode)) {
		rc = truncated(&r, "value mode", err);
		goto fail;
	}
	if (mode == VALUE_MODE_XOR) {
		if ((rc = xor_decode(&r, p, h.n, err)) != GP_OK)
			goto fail;
	} else if (mode <= 1 + DECIMAL_MAX_K) {
		double scale = pow10_exact[mode - 1];

		if ((rc = seq_decode(&r, h.n, x, "values (decimal)", err)) != GP_OK)
			goto fail;
		for (size_t j = 0; j < h.n; j++) {
			int64_t i = to_i64(x[j]);

			if (!(fabs((double)i) < DECIMAL_LIMIT)) {
				rc = gp_err_set(err, GP_EINPUT,
						"chunk's value %zu is the integer %" PRId64
						" (at most 2^53 in magnitude)",
						j, i);
				goto fail;
			}
			p[j].v = (double)i / scale;
		}
	} else {
		rc = gp_err_set(err, GP_EINPUT, "chunk has value mode %u (expected 0-%d)", mode,
				1 + DECIMAL_MAX_K);
		goto fail;
	}
end:
	if (r.pos != len) {
		rc = gp_err_set(err, GP_EINPUT, "chunk ends at byte %zu but %zu bytes were given",
				r.pos, len);
		goto fail;
	}
	free(x);
	*out = p;
	*n = h.n;
	return GP_OK;
fail:
	free(x);
	free(p);
	return rc;
}

int tsz_peek(const unsigned char *data, size_t len, size_t *n, int64_t *first_ts, int64_t *last_ts,
	     struct gp_err *err)
{
	struct rd r = {data, len, 0, 0};
	struct header h;
	int rc = header_read(&r, &h, err);

	if (rc != GP_OK)
		return rc;
	*n = h.n;
	if (first_ts)
		*first_ts = h.first_ts;
	if (last_ts)
		*last_ts = h.last_ts;
	return GP_OK;
}
