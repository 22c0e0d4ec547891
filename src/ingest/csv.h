/* csv.h — a streaming RFC 4180 CSV reader for files people hand us.
 * Accepts UTF-8 with or without a BOM, LF or CRLF line ends, quoted fields with
 * "" escapes and embedded line breaks. Every size is capped: a record's bytes
 * and its field count. It never aborts on bad bytes: a bad record is reported
 * with its file and line and skipped, so callers can report every bad row. */
#ifndef GP_CSV_H
#define GP_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "util/err.h"

#define CSV_MAX_RECORD_BYTES (64 * 1024)
#define CSV_MAX_FIELDS       64

enum csv_result {
	CSV_ROW = 1,   /* a record was read into rec */
	CSV_EOF = 0,   /* no more records */
	CSV_BAD = -1,  /* this record is malformed (err says why); the next call goes on */
	CSV_FATAL = -2 /* reading failed; stop */
};

struct csv_record {
	size_t nfields;
	char **fields; /* owned by the reader; valid until the next csv_next */
	long line;     /* physical line where the record starts, 1-based */
};

struct csv_reader;

/* Opens path for reading ("-" reads standard input, named "stdin" in messages).
 * On failure returns GP_EIO with a message naming the file. The reader is freed
 * with csv_close. */
int csv_open_file(struct csv_reader **out, const char *path, struct gp_err *err);

/* Reads from a memory block (not copied; must outlive the reader); name is used
 * in messages. */
int csv_open_mem(struct csv_reader **out, const char *data, size_t len, const char *name);

/* Reads the next record. Messages in err have the form "NAME:LINE: text". */
enum csv_result csv_next(struct csv_reader *r, struct csv_record *rec, struct gp_err *err);

/* The display name of the input ("activity.csv", "stdin"). */
const char *csv_name(const struct csv_reader *r);

/* Bytes consumed so far, and total size when known (0 for pipes): for progress. */
size_t csv_offset(const struct csv_reader *r);
size_t csv_size(const struct csv_reader *r);

void csv_close(struct csv_reader *r);

#endif
