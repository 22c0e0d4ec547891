/* str.h — allocation that dies on exhaustion, bounded string copies, trimming,
 * and a growable byte buffer with a hard cap (curl's dynbuf). */
#ifndef GP_STR_H
#define GP_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Allocation: these never return NULL; on exhaustion they print and exit(70). */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grows *array (element size elem) so that it holds at least need elements;
 * *cap is updated. Doubling growth. */
void xgrow(void **array, size_t elem, size_t need, size_t *cap);
#define XGROW(arr, need, cap) xgrow((void **)&(arr), sizeof(*(arr)), (need), &(cap))

/* Copies src into dst of size dstsz, always NUL-terminated; returns true when
 * src fitted whole, false when it was truncated. */
bool str_copy(char *dst, size_t dstsz, const char *src);

/* Formats into dst of size dstsz (snprintf that reports truncation). */
bool str_fmt(char *dst, size_t dstsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Trims ASCII space and tab at both ends of s in place; returns s. */
char *str_trim(char *s);

/* Splits text in place at each '\n' and calls fn with each line's number (from 1) and its
 * text trimmed of spaces, tabs and a trailing CR, skipping empty lines and '#' comments.
 * Returns the number of lines. For request bodies and message payloads of lines. */
long str_each_line(char *text, void (*fn)(void *arg, long line, char *s), void *arg);

/* True when s equals t ignoring ASCII case. */
bool str_eq_nocase(const char *s, const char *t);

/* Levenshtein distance between two short ASCII strings (capped at 64 chars each;
 * longer strings return a large value). Used for "did you mean" hints. */
int str_edit_distance(const char *a, const char *b);

/* A growable buffer with a hard cap. data is always NUL-terminated. */
struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max; /* hard cap on len; 0 means SIZE_MAX/2 */
};

/* Initializes b empty with the given cap on its length (no allocation). */
void buf_init(struct buf *b, size_t max);
/* Appends n bytes; returns 0, or GP_ETOOBIG (and appends nothing) past the cap. */
int buf_add(struct buf *b, const void *p, size_t n);
int buf_addc(struct buf *b, char c);
int buf_adds(struct buf *b, const char *s);
int buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);
/* Frees the contents; b may be reused after buf_init. */
void buf_release(struct buf *b);
/* Returns the contents and leaves b empty; the caller frees the result. */
char *buf_detach(struct buf *b);

#endif
