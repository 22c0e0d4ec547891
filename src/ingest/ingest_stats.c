/* ingest_stats.c — per-source ingest counters of a running server (ingest_stats.h).
 * A fixed table under one mutex: no allocation while counting, so a counter can never
 * fail or block an ingest. */
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "ingest/ingest_stats.h"
#include "util/str.h"
#include "util/utf8.h"

#define SOURCES_MAX 4

struct source_stats {
	char name[16];
	char state[INGEST_REASON_MAX];
	long long messages, written, rejected;
	struct {
		int64_t at; /* Unix seconds */
		char text[INGEST_REASON_MAX];
	} reasons[INGEST_REASONS_KEPT]; /* a ring: next is the oldest once full */
	size_t nreasons, next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct source_stats sources[SOURCES_MAX];
static size_t nsources;

/* The source's slot (created on first use), or NULL when the table is full. Under lock. */
static struct source_stats *slot(const char *name)
{
	for (size_t i = 0; i < nsources; i++)
		if (strcmp(sources[i].name, name) == 0)
			return &sources[i];
	if (nsources == SOURCES_MAX)
		return NULL;
	memset(&sources[nsources], 0, sizeof(sources[nsources]));
	str_copy(sources[nsources].name, sizeof(sources[nsources].name), name);
	return &sources[nsources++];
}

/* Copies src into dst (dstsz bytes) as well-formed UTF-8 (a reason may quote bytes of a
 * payload: malformed ones become '?', control characters ' '), cut at a character. */
static void copy_cut(char *dst, size_t dstsz, const char *src)
{
	size_t n = strlen(src), i = 0, o = 0;

	while (i < n) {
		unsigned cp;
		int len = utf8_decode(src + i, n - i, &cp);
		if (len <= 0) {
			len = 1;
			cp = '?';
		}
		if (o + (size_t)(cp < 0x80 ? 1 : len) >= dstsz)
			break;
		if (cp < 0x80) {
			dst[o++] = cp < 0x20 || cp == 0x7f ? ' ' : (char)cp;
		} else {
			memcpy(dst + o, src + i, (size_t)len);
			o += (size_t)len;
		}
		i += (size_t)len;
	}
	dst[o] = '\0';
}

void ingest_stats_count(const char *source, long long messages, long long points_written,
			long long points_rejected)
{
	struct source_stats *s;

	pthread_mutex_lock(&lock);
	if ((s = slot(source))) {
		s->messages += messages;
		s->written += points_written;
		s->rejected += points_rejected;
	}
	pthread_mutex_unlock(&lock);
}

void ingest_stats_reason(const char *source, const char *reason)
{
	struct source_stats *s;

	pthread_mutex_lock(&lock);
	if ((s = slot(source))) {
		s->reasons[s->next].at = (int64_t)time(NULL);
		copy_cut(s->reasons[s->next].text, sizeof(s->reasons[s->next].text), reason);
		s->next = (s->next + 1) % INGEST_REASONS_KEPT;
		if (s->nreasons < INGEST_REASONS_KEPT)
			s->nreasons++;
	}
	pthread_mutex_unlock(&lock);
}

void ingest_stats_state(const char *source, const char *state)
{
	struct source_stats *s;

	pthread_mutex_lock(&lock);
	if ((s = slot(source)))
		copy_cut(s->state, sizeof(s->state), state);
	pthread_mutex_unlock(&lock);
}

json_t *ingest_stats_json(void)
{
	json_t *a = json_array();

	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < nsources; i++) {
		const struct source_stats *s = &sources[i];
		json_t *r = json_array();
		for (size_t k = 0; k < s->nreasons; k++) {
			size_t at = (s->next + INGEST_REASONS_KEPT - 1 - k) % INGEST_REASONS_KEPT;
			json_array_append_new(r, json_pack("{s:I, s:s}", "at",
							   (json_int_t)s->reasons[at].at, "reason",
							   s->reasons[at].text));
		}
		json_array_append_new(a, json_pack("{s:s, s:s, s:I, s:I, s:I, s:o}", "source",
						   s->name, "state", s->state, "messages",
						   (json_int_t)s->messages, "points_written",
						   (json_int_t)s->written, "points_rejected",
						   (json_int_t)s->rejected, "last_rejects", r));
	}
	pthread_mutex_unlock(&lock);
	return json_pack("{s:o}", "sources", a);
}

void ingest_stats_reset(void)
{
	pthread_mutex_lock(&lock);
	nsources = 0;
	pthread_mutex_unlock(&lock);
}
