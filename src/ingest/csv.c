/* csv.c — byte-level CSV state machine over a refillable block buffer. */
#include "ingest/csv.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/str.h"
#include "util/utf8.h"

#define CSV_BLOCK (256 * 1024)

struct csv_reader {
	FILE *fp; /* NULL for memory input */
	int own_fp;
	const char *mem;
	size_t mem_len;
	char *block;
	size_t pos, end; /* window of block (or of mem) not yet consumed */
	int eof;
	char name[512];
	long line; /* current physical line, 1-based */
	size_t consumed;
	size_t size;
	int first;      /* BOM not yet checked */
	struct buf rec; /* field bytes, NUL after each field */
	size_t offs[CSV_MAX_FIELDS];
	char *fields[CSV_MAX_FIELDS];
};

static struct csv_reader *reader_new(const char *name)
{
	struct csv_reader *r = xcalloc(1, sizeof(*r));
	str_copy(r->name, sizeof(r->name), name);
	r->line = 1;
	r->first = 1;
	buf_init(&r->rec, CSV_MAX_RECORD_BYTES + CSV_MAX_FIELDS);
	return r;
}

int csv_open_file(struct csv_reader **out, const char *path, struct gp_err *err)
{
	struct csv_reader *r;
	FILE *fp;
	struct stat st;

	if (strcmp(path, "-") == 0) {
		r = reader_new("stdin");
		r->fp = stdin;
	} else {
		fp = fopen(path, "rb");
		if (!fp)
			return gp_err_set(err, GP_EIO, "%s: cannot open: %s", path,
					  strerror(errno));
		if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
			fclose(fp);
			return gp_err_set(err, GP_EIO, "%s: is a directory (expected a CSV file)",
					  path);
		}
		r = reader_new(path);
		r->fp = fp;
		r->own_fp = 1;
		if (S_ISREG(st.st_mode))
			r->size = (size_t)st.st_size;
	}
	r->block = xmalloc(CSV_BLOCK);
	*out = r;
	return GP_OK;
}

int csv_open_mem(struct csv_reader **out, const char *data, size_t len, const char *name)
{
	struct csv_reader *r = reader_new(name);
	r->mem = data;
	r->mem_len = len;
	r->end = len;
	r->eof = 1;
	r->size = len;
	*out = r;
	return GP_OK;
}

const char *csv_name(const struct csv_reader *r)
{
	return r->name;
}

size_t csv_offset(const struct csv_reader *r)
{
	return r->consumed;
}

size_t csv_size(const struct csv_reader *r)
{
	return r->size;
}

void csv_close(struct csv_reader *r)
{
	if (!r)
		return;
	if (r->own_fp && r->fp)
		fclose(r->fp);
	free(r->block);
	buf_release(&r->rec);
	free(r);
}

/* Returns the next byte, or -1 at end of input, -2 on a read error. */
static int next_byte(struct csv_reader *r)
{
	const char *src = r->mem ? r->mem : r->block;

	if (r->pos >= r->end) {
		if (r->eof)
			return -1;
		r->end = fread(r->block, 1, CSV_BLOCK, r->fp);
		r->pos = 0;
		if (r->end < CSV_BLOCK) {
			if (ferror(r->fp))
				return -2;
			r->eof = 1;
		}
		if (r->end == 0)
			return -1;
		src = r->block;
	}
	r->consumed++;
	return (unsigned char)src[r->pos++];
}

static int peek_byte(struct csv_reader *r)
{
	int c = next_byte(r);
	if (c >= 0) {
		r->pos--;
		r->consumed--;
	}
	return c;
}

/* Skips the rest of a bad record: to just past the next line end that is not
 * inside quotes, so that a quoted field with line breaks later in the record
 * does not turn its remainder into more (bad) records. quoted: the last byte
 * read was inside a quoted field; field_start: the next byte starts a field. */
static void skip_record(struct csv_reader *r, int quoted, int field_start)
{
	int c;

	while ((c = next_byte(r)) >= 0) {
		if (c == '\n')
			r->line++;
		if (quoted) {
			if (c == '"') {
				if (peek_byte(r) == '"')
					next_byte(r);
				else
					quoted = 0;
			}
		} else if (c == '"' && field_start) {
			quoted = 1;
		} else if (c == '\n') {
			return;
		}
		field_start = c == ',';
	}
}

/* A byte with no meaning to CSV: anything but NUL, ',', '"', CR and LF. */
static inline bool plain_byte(int c)
{
	return c > 0 && c != ',' && c != '"' && c != '\n' && c != '\r';
}

static enum csv_result bad(struct csv_reader *r, struct gp_err *err, long line, const char *what)
{
	gp_err_set(err, GP_EINPUT, "%s:%ld: %s", r->name, line, what);
	return CSV_BAD;
}

enum csv_result csv_next(struct csv_reader *r, struct csv_record *rec, struct gp_err *err)
{
	long start;
	size_t nf;
	int c, quoted, after_quote;

	if (r->first) {
		r->first = 0;
		/* UTF-8 byte order mark: EF BB BF. Text may also start with EF
		 * (U+F000-U+FFFF, e.g. fullwidth forms), so look before consuming;
		 * the peek loads the first block, which holds the whole mark. */
		if (peek_byte(r) == 0xEF && r->end - r->pos >= 3 &&
		    memcmp((r->mem ? r->mem : r->block) + r->pos, "\xEF\xBB\xBF", 3) == 0) {
			r->pos += 3;
			r->consumed += 3;
		}
	}
again:
	buf_reset(&r->rec);
	nf = 0;
	r->offs[nf++] = 0;
	start = r->line;
	quoted = after_quote = 0;
	c = next_byte(r);
	if (c == -1)
		return CSV_EOF;
	if (c == '\n' || (c == '\r' && peek_byte(r) == '\n')) {
		/* empty line: skip */
		if (c == '\r')
			next_byte(r);
		r->line++;
		goto again;
	}
	for (;; c = next_byte(r)) {
		if (!quoted && !after_quote && plain_byte(c)) {
			/* fast path: copy the run of plain bytes in the window at once */
			const char *src = r->mem ? r->mem : r->block;
			size_t from = r->pos - 1, to = r->pos;
			while (to < r->end && plain_byte((unsigned char)src[to]))
				to++;
			if (buf_add(&r->rec, src + from, to - from) != GP_OK) {
				c = 'x'; /* not a field end: skip_record starts mid-field */
				goto too_long;
			}
			r->consumed += to - r->pos;
			r->pos = to;
			continue;
		}
		if (c == -2)
			return gp_err_set(err, GP_EIO, "%s: read error: %s", r->name,
					  strerror(errno)),
			       CSV_FATAL;
		if (c == -1) {
			if (quoted)
				return bad(r, err, start,
					   "quoted field is not closed before the end of the file");
			break;
		}
		if (quoted) {
			if (c == '"') {
				if (peek_byte(r) == '"') {
					next_byte(r);
				} else {
					quoted = 0;
					after_quote = 1;
					continue;
				}
			} else if (c == '\n') {
				r->line++;
			}
		} else {
			if (c == ',') {
				if (buf_addc(&r->rec, '\0') != GP_OK)
					goto too_long;
				if (nf >= CSV_MAX_FIELDS) {
					skip_record(r, 0, 1);
					gp_err_set(err, GP_EINPUT, "%s:%ld: more than %d fields",
						   r->name, start, CSV_MAX_FIELDS);
					return CSV_BAD;
				}
				r->offs[nf++] = r->rec.len;
				after_quote = 0;
				continue;
			}
			if (c == '\n' || (c == '\r' && peek_byte(r) == '\n')) {
				if (c == '\r')
					next_byte(r);
				r->line++;
				break;
			}
			if (c == '"') {
				/* a quote opens a field only at its start */
				if (r->rec.len == r->offs[nf - 1] && !after_quote) {
					quoted = 1;
					continue;
				}
				skip_record(r, 0, 0);
				return bad(r, err, start,
					   "stray '\"' inside an unquoted field (quote the whole "
					   "field and double the inner quotes)");
			}
			if (after_quote) {
				skip_record(r, 0, 0);
				return bad(
				    r, err, start,
				    "text after a closing '\"' (expected ',' or end of line)");
			}
		}
		if (c == 0) {
			skip_record(r, quoted, 0);
			return bad(r, err, start, "NUL byte in the data (expected UTF-8 text)");
		}
		if (buf_addc(&r->rec, (char)c) != GP_OK)
			goto too_long;
	}
	if (buf_addc(&r->rec, '\0') != GP_OK)
		goto too_long_ended; /* its line end is already consumed */
	if (!utf8_valid(r->rec.data, r->rec.len))
		return bad(r, err, start,
			   "not valid UTF-8 (save the file as UTF-8; GBK/GB18030 is not accepted)");
	for (size_t i = 0; i < nf; i++)
		r->fields[i] = r->rec.data + r->offs[i];
	rec->nfields = nf;
	rec->fields = r->fields;
	rec->line = start;
	return CSV_ROW;

too_long:
	skip_record(r, quoted, !quoted && c == ',');
too_long_ended:
	gp_err_set(err, GP_ETOOBIG, "%s:%ld: record longer than %d bytes", r->name, start,
		   CSV_MAX_RECORD_BYTES);
	return CSV_BAD;
}
