/* test_csv.c — the CSV reader (csv.h) against RFC 4180 (fields, "" escapes, line
 * breaks inside quotes, CRLF) and the rules csv.h adds: a UTF-8 BOM is dropped,
 * bytes must be UTF-8, sizes are capped, and a bad record is reported as
 * "NAME:LINE: text" and skipped so that reading goes on with the next one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "ingest/csv.h"
#include "util/str.h"

/* csv.c reads files in blocks of this many bytes (CSV_BLOCK there). */
#define READER_BLOCK (256 * 1024)

#define assert_contains(hay, needle)                                                               \
	do {                                                                                       \
		if (!strstr((hay), (needle)))                                                      \
			fail_msg("\"%s\" does not contain \"%s\"", (hay), (needle));               \
	} while (0)

static void expect_row_(struct csv_reader *r, long line, size_t n, const char *const *want, int at)
{
	struct csv_record rec;
	struct gp_err err;
	enum csv_result cr;

	gp_err_clear(&err);
	cr = csv_next(r, &rec, &err);
	if (cr != CSV_ROW)
		fail_msg("test line %d: expected a record at line %ld, got %d (%s)", at, line,
			 (int)cr, err.msg);
	if (rec.line != line)
		fail_msg("test line %d: record starts at line %ld, expected %ld", at, rec.line,
			 line);
	if (rec.nfields != n)
		fail_msg("test line %d: %zu fields, expected %zu", at, rec.nfields, n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(rec.fields[i], want[i]) != 0)
			fail_msg("test line %d: field %zu is \"%s\", expected \"%s\"", at, i + 1,
				 rec.fields[i], want[i]);
}

#define EXPECT_ROW(r, line, ...)                                                                   \
	do {                                                                                       \
		const char *const want_[] = {__VA_ARGS__};                                         \
		expect_row_((r), (line), sizeof(want_) / sizeof(want_[0]), want_, __LINE__);       \
	} while (0)

/* Expects CSV_BAD with a message that starts "NAME:LINE: " and contains text. */
static void expect_bad_(struct csv_reader *r, long line, const char *text, enum gp_status status,
			int at)
{
	struct csv_record rec;
	struct gp_err err;
	enum csv_result cr;
	char prefix[600];

	gp_err_clear(&err);
	cr = csv_next(r, &rec, &err);
	if (cr != CSV_BAD)
		fail_msg("test line %d: expected a bad record at line %ld, got %d", at, line,
			 (int)cr);
	str_fmt(prefix, sizeof(prefix), "%s:%ld: ", csv_name(r), line);
	if (strncmp(err.msg, prefix, strlen(prefix)) != 0)
		fail_msg("test line %d: message \"%s\" does not start with \"%s\"", at, err.msg,
			 prefix);
	if (!strstr(err.msg, text))
		fail_msg("test line %d: message \"%s\" does not say \"%s\"", at, err.msg, text);
	if (err.status != status)
		fail_msg("test line %d: status %d, expected %d", at, (int)err.status, (int)status);
}

#define EXPECT_BAD(r, line, text) expect_bad_((r), (line), (text), GP_EINPUT, __LINE__)

static void expect_eof_(struct csv_reader *r, int at)
{
	struct csv_record rec;
	struct gp_err err;
	enum csv_result cr;

	gp_err_clear(&err);
	cr = csv_next(r, &rec, &err);
	if (cr != CSV_EOF)
		fail_msg("test line %d: expected the end, got %d (%s)", at, (int)cr, err.msg);
	/* The end stays the end. */
	assert_int_equal(csv_next(r, &rec, &err), CSV_EOF);
}

#define EXPECT_EOF(r) expect_eof_((r), __LINE__)

static struct csv_reader *open_str(const char *s)
{
	struct csv_reader *r = NULL;
	assert_int_equal(csv_open_mem(&r, s, strlen(s), "t.csv"), GP_OK);
	assert_non_null(r);
	return r;
}

static void lf_and_crlf(void **state)
{
	struct csv_reader *r;

	(void)state;
	r = open_str("code,name\nE1,甲公司\nE2,乙公司");
	assert_string_equal(csv_name(r), "t.csv");
	EXPECT_ROW(r, 1, "code", "name");
	EXPECT_ROW(r, 2, "E1", "甲公司");
	EXPECT_ROW(r, 3, "E2", "乙公司"); /* no line end after the last record */
	EXPECT_EOF(r);
	csv_close(r);

	r = open_str("a,b\r\n1,2\r\n3,4\n5,6\r\n");
	EXPECT_ROW(r, 1, "a", "b");
	EXPECT_ROW(r, 2, "1", "2");
	EXPECT_ROW(r, 3, "3", "4");
	EXPECT_ROW(r, 4, "5", "6");
	EXPECT_EOF(r);
	csv_close(r);

	/* Empty fields, a trailing comma, a single field. */
	r = open_str("a,,b\nc,\n,\nd\n");
	EXPECT_ROW(r, 1, "a", "", "b");
	EXPECT_ROW(r, 2, "c", "");
	EXPECT_ROW(r, 3, "", "");
	EXPECT_ROW(r, 4, "d");
	EXPECT_EOF(r);
	csv_close(r);

	/* Spaces are data (RFC 4180 §2.4). */
	r = open_str(" a , b \n");
	EXPECT_ROW(r, 1, " a ", " b ");
	EXPECT_EOF(r);
	csv_close(r);

	r = open_str("");
	EXPECT_EOF(r);
	csv_close(r);
}

static void bom(void **state)
{
	struct csv_reader *r;

	(void)state;
	/* EF BB BF is U+FEFF, the byte order mark Excel writes in front of UTF-8. */
	r = open_str("\xef\xbb\xbf"
		     "code,name\nE1,x\n");
	EXPECT_ROW(r, 1, "code", "name");
	EXPECT_ROW(r, 2, "E1", "x");
	EXPECT_EOF(r);
	assert_int_equal(csv_size(r), strlen("\xef\xbb\xbf"
					     "code,name\nE1,x\n"));
	assert_int_equal(csv_offset(r), csv_size(r));
	csv_close(r);

	r = open_str("\xef\xbb\xbf");
	EXPECT_EOF(r);
	csv_close(r);

	r = open_str("\xef\xbb\xbf\r\n\nx\n");
	EXPECT_ROW(r, 3, "x");
	EXPECT_EOF(r);
	csv_close(r);

	/* Only a leading BOM is dropped; further on U+FEFF is a character like any. */
	r = open_str("a\n\xef\xbb\xbf"
		     "b\n");
	EXPECT_ROW(r, 1, "a");
	EXPECT_ROW(r, 2,
		   "\xef\xbb\xbf"
		   "b");
	EXPECT_EOF(r);
	csv_close(r);

	/* A file may start with a character whose UTF-8 also begins with EF without
	 * being a BOM: （ U+FF08 is EF BC 88, Ａ U+FF21 is EF BC A1. */
	r = open_str("\xef\xbc\x88"
		     "注\xef\xbc\x89,\xef\xbc\xa1\nb,c\n");
	EXPECT_ROW(r, 1, "（注）", "Ａ");
	EXPECT_ROW(r, 2, "b", "c");
	EXPECT_EOF(r);
	csv_close(r);

	/* EF followed by bytes that are not UTF-8: the first record is bad, the
	 * next one is read. */
	r = open_str("\xef"
		     "ab,c\nd\n");
	EXPECT_BAD(r, 1, "UTF-8");
	EXPECT_ROW(r, 2, "d");
	EXPECT_EOF(r);
	csv_close(r);

	/* A BOM followed by EF BB BF again: the second is data, U+FEFF. */
	r = open_str("\xef\xbb\xbf\xef\xbb\xbf"
		     "x\n");
	EXPECT_ROW(r, 1,
		   "\xef\xbb\xbf"
		   "x");
	EXPECT_EOF(r);
	csv_close(r);
}

static void quoted_fields(void **state)
{
	struct csv_reader *r;

	(void)state;
	/* RFC 4180 §2.6: commas and line breaks inside quotes; §2.7: "" is one ". */
	r = open_str("\"a,b\",c\n"
		     "\"say \"\"hi\"\"\",\"\"\"\"\n"
		     "\"\",x\n"
		     "\"\"\n"
		     "\"line 1\nline 2\nline 3\",y\n"
		     "after,z\n"
		     "\"crlf\r\ninside\",w\r\n"
		     "last,\"q\"\r\n");
	EXPECT_ROW(r, 1, "a,b", "c");
	EXPECT_ROW(r, 2, "say \"hi\"", "\"");
	EXPECT_ROW(r, 3, "", "x");
	EXPECT_ROW(r, 4, ""); /* one empty quoted field is a record, not an empty line */
	/* Starts at line 5 and spans 5-7; the next record starts on line 8. */
	EXPECT_ROW(r, 5, "line 1\nline 2\nline 3", "y");
	EXPECT_ROW(r, 8, "after", "z");
	/* A CRLF inside quotes is data, kept as written. */
	EXPECT_ROW(r, 9, "crlf\r\ninside", "w");
	EXPECT_ROW(r, 11, "last", "q");
	EXPECT_EOF(r);
	csv_close(r);

	/* A quoted field that ends the file without a line end. */
	r = open_str("a,\"b\nc\"");
	EXPECT_ROW(r, 1, "a", "b\nc");
	EXPECT_EOF(r);
	csv_close(r);
}

static void empty_lines_skipped(void **state)
{
	struct csv_reader *r;

	(void)state;
	r = open_str("\n\r\na\n\n\r\n\nb\n\n");
	EXPECT_ROW(r, 3, "a");
	EXPECT_ROW(r, 7, "b");
	EXPECT_EOF(r);
	csv_close(r);
}

static void unterminated_quote(void **state)
{
	struct csv_reader *r;

	(void)state;
	r = open_str("a,b\n\"open,x\nmore\n");
	EXPECT_ROW(r, 1, "a", "b");
	EXPECT_BAD(r, 2, "quoted field is not closed before the end of the file");
	EXPECT_EOF(r);
	csv_close(r);
}

static void text_after_closing_quote(void **state)
{
	struct csv_reader *r;

	(void)state;
	r = open_str("\"a\"b,c\nnext,1\n\"x\" ,y\nlast\n");
	EXPECT_BAD(r, 1, "text after a closing '\"'");
	EXPECT_ROW(r, 2, "next", "1");
	EXPECT_BAD(r, 3, "text after a closing '\"'");
	EXPECT_ROW(r, 4, "last");
	EXPECT_EOF(r);
	csv_close(r);

	/* The bad record spans lines 1-2 (a line break inside its quotes); the rest
	 * of it is skipped and the next record is on line 3. */
	r = open_str("\"a\nb\"x,c\nok\n");
	EXPECT_BAD(r, 1, "text after a closing");
	EXPECT_ROW(r, 3, "ok");
	EXPECT_EOF(r);
	csv_close(r);

	/* After the error the rest of the record is skipped as CSV: a quoted field
	 * later in it may hold a line break. */
	r = open_str("\"a\"x,\"b\nc\",d\nok\n");
	EXPECT_BAD(r, 1, "text after a closing");
	EXPECT_ROW(r, 3, "ok");
	EXPECT_EOF(r);
	csv_close(r);
}

static void stray_quote(void **state)
{
	struct csv_reader *r;

	(void)state;
	r = open_str("ab\"c,d\nok,1\nx,y\"\nok,2\n");
	EXPECT_BAD(r, 1, "stray '\"' inside an unquoted field");
	EXPECT_ROW(r, 2, "ok", "1");
	EXPECT_BAD(r, 3, "stray '\"'");
	EXPECT_ROW(r, 4, "ok", "2");
	EXPECT_EOF(r);
	csv_close(r);
}

static void nul_byte(void **state)
{
	static const char data[] = "a\0b,c\nok,1\n\"q\0\nr\",s\nok,2\n";
	struct csv_reader *r = NULL;

	(void)state;
	assert_int_equal(csv_open_mem(&r, data, sizeof(data) - 1, "nul.csv"), GP_OK);
	EXPECT_BAD(r, 1, "NUL byte");
	EXPECT_ROW(r, 2, "ok", "1");
	/* A NUL inside a quoted field that spans lines 3-4: skipped whole. */
	EXPECT_BAD(r, 3, "NUL byte");
	EXPECT_ROW(r, 5, "ok", "2");
	EXPECT_EOF(r);
	csv_close(r);
}

static void invalid_utf8(void **state)
{
	struct csv_reader *r;

	(void)state;
	/* 名称 in GBK is C3 FB B3 C6: not UTF-8 (C3 needs a continuation byte 80-BF). */
	r = open_str("\xc3\xfb\xb3\xc6,code\n名称,code\n"
		     "\"\xb9\xfa\n\xbc\xd2\",x\n" /* 国家 in GBK, quoted over two lines */
		     "ok,1\n"
		     "\xed\xa0\x80\n" /* a UTF-16 surrogate, U+D800 */
		     "\xc0\xaf\n"     /* overlong '/' */
		     "ok,2\n");
	EXPECT_BAD(r, 1, "not valid UTF-8");
	EXPECT_ROW(r, 2, "名称", "code");
	EXPECT_BAD(r, 3, "not valid UTF-8");
	EXPECT_ROW(r, 5, "ok", "1");
	EXPECT_BAD(r, 6, "not valid UTF-8");
	EXPECT_BAD(r, 7, "not valid UTF-8");
	EXPECT_ROW(r, 8, "ok", "2");
	EXPECT_EOF(r);
	csv_close(r);
}

static void record_too_long(void **state)
{
	struct buf b;
	struct csv_reader *r = NULL;
	char *exact;

	(void)state;
	buf_init(&b, 0);
	/* Line 1: one field of exactly CSV_MAX_RECORD_BYTES bytes: accepted. */
	for (int i = 0; i < CSV_MAX_RECORD_BYTES; i++)
		buf_addc(&b, 'a');
	exact = xstrdup(b.data);
	buf_adds(&b, "\n");
	/* Line 2: twice the cap, unquoted. */
	for (int i = 0; i < 2 * CSV_MAX_RECORD_BYTES; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, ",y\nok,1\n");
	/* Lines 4-6: a quoted field over the cap (and the reader's slack for field
	 * separators) with line breaks before and after the point where it passes. */
	buf_adds(&b, "\"");
	for (int i = 0; i < CSV_MAX_RECORD_BYTES + CSV_MAX_FIELDS + 100; i++)
		buf_addc(&b,
			 i == 100 || i == CSV_MAX_RECORD_BYTES + CSV_MAX_FIELDS + 50 ? '\n' : 'q');
	buf_adds(&b, "\",z\nok,2\n");
	/* Line 8: many short fields whose total passes the cap. */
	for (int i = 0; i < CSV_MAX_FIELDS; i++) {
		for (int k = 0; k < CSV_MAX_RECORD_BYTES / CSV_MAX_FIELDS + 8; k++)
			buf_addc(&b, 'f');
		buf_addc(&b, i + 1 < CSV_MAX_FIELDS ? ',' : '\n');
	}
	buf_adds(&b, "ok,3\n");

	assert_int_equal(csv_open_mem(&r, b.data, b.len, "big.csv"), GP_OK);
	EXPECT_ROW(r, 1, exact);
	expect_bad_(r, 2, "record longer than 65536 bytes", GP_ETOOBIG, __LINE__);
	EXPECT_ROW(r, 3, "ok", "1");
	expect_bad_(r, 4, "record longer than", GP_ETOOBIG, __LINE__);
	EXPECT_ROW(r, 7, "ok", "2");
	expect_bad_(r, 8, "record longer than", GP_ETOOBIG, __LINE__);
	EXPECT_ROW(r, 9, "ok", "3");
	EXPECT_EOF(r);
	csv_close(r);
	free(exact);
	buf_release(&b);
}

/* A record whose bytes, with the reader's field separators, fill its buffer to
 * the last byte ends exactly at the cap: the record after it must still be read. */
static void record_at_buffer_end(void **state)
{
	struct buf b;
	struct csv_reader *r = NULL;

	(void)state;
	buf_init(&b, 0);
	for (int len = CSV_MAX_RECORD_BYTES - 2; len <= CSV_MAX_RECORD_BYTES + CSV_MAX_FIELDS + 2;
	     len++) {
		for (int i = 0; i < len; i++)
			buf_addc(&b, 'a');
		buf_adds(&b, "\nok\n");
	}
	assert_int_equal(csv_open_mem(&r, b.data, b.len, "edge.csv"), GP_OK);
	for (int len = CSV_MAX_RECORD_BYTES - 2, line = 1;
	     len <= CSV_MAX_RECORD_BYTES + CSV_MAX_FIELDS + 2; len++, line += 2) {
		struct csv_record rec;
		struct gp_err err;
		enum csv_result cr = csv_next(r, &rec, &err);

		/* Up to the cap a record is read; past it, which of the two happens
		 * in the slack the reader keeps for separators is not specified,
		 * but the record after it is always read. */
		if (len <= CSV_MAX_RECORD_BYTES)
			assert_int_equal(cr, CSV_ROW);
		if (cr == CSV_ROW) {
			assert_int_equal(rec.line, line);
			assert_int_equal(rec.nfields, 1);
			assert_int_equal(strlen(rec.fields[0]), len);
		} else {
			assert_int_equal(cr, CSV_BAD);
			assert_int_equal(err.status, GP_ETOOBIG);
		}
		EXPECT_ROW(r, line + 1, "ok");
	}
	EXPECT_EOF(r);
	csv_close(r);
	buf_release(&b);
}

static void field_count_cap(void **state)
{
	struct buf b;
	struct csv_reader *r = NULL;
	struct csv_record rec;
	struct gp_err err;

	(void)state;
	buf_init(&b, 0);
	/* Line 1: CSV_MAX_FIELDS fields (accepted); line 2: one more (refused). */
	for (int i = 0; i < CSV_MAX_FIELDS; i++)
		buf_addf(&b, "%s%d", i ? "," : "", i);
	buf_adds(&b, "\n");
	for (int i = 0; i <= CSV_MAX_FIELDS; i++)
		buf_addf(&b, "%s%d", i ? "," : "", i);
	buf_adds(&b, "\n");
	/* Line 3: only commas, 100 empty fields. */
	for (int i = 0; i < 99; i++)
		buf_addc(&b, ',');
	buf_adds(&b, "\nok\n");

	assert_int_equal(csv_open_mem(&r, b.data, b.len, "wide.csv"), GP_OK);
	assert_int_equal(csv_next(r, &rec, &err), CSV_ROW);
	assert_int_equal(rec.nfields, CSV_MAX_FIELDS);
	for (int i = 0; i < CSV_MAX_FIELDS; i++) {
		char want[8];
		str_fmt(want, sizeof(want), "%d", i);
		assert_string_equal(rec.fields[i], want);
	}
	EXPECT_BAD(r, 2, "more than 64 fields");
	EXPECT_BAD(r, 3, "more than 64 fields");
	EXPECT_ROW(r, 4, "ok");
	EXPECT_EOF(r);
	csv_close(r);
	buf_release(&b);
}

/* A temporary file or directory made by setup and removed by teardown, so a
 * failing test leaves nothing behind. */
struct temp_path {
	char path[512];
	int is_dir;
};

static struct temp_path *temp_new(int is_dir)
{
	const char *tmp = getenv("TMPDIR");
	struct temp_path *t = xcalloc(1, sizeof(*t));

	t->is_dir = is_dir;
	str_fmt(t->path, sizeof(t->path), "%s/gp_test_csv_XXXXXX", tmp && *tmp ? tmp : "/tmp");
	return t;
}

static int temp_file_setup(void **state)
{
	struct temp_path *t = temp_new(0);
	int fd = mkstemp(t->path);

	if (fd < 0 || close(fd) != 0) {
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

static int temp_dir_setup(void **state)
{
	struct temp_path *t = temp_new(1);

	if (!mkdtemp(t->path)) {
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

static int temp_teardown(void **state)
{
	struct temp_path *t = *state;
	int rc = t->is_dir ? rmdir(t->path) : unlink(t->path);

	free(t);
	return rc;
}

static void open_errors(void **state)
{
	struct csv_reader *r = NULL;
	struct gp_err err;
	const char *dir = ((struct temp_path *)*state)->path;
	const char *missing = "/nonexistent-greenpark-dir/activity.csv";

	gp_err_clear(&err);
	assert_int_equal(csv_open_file(&r, missing, &err), GP_EIO);
	assert_int_equal(err.status, GP_EIO);
	assert_null(r);
	assert_contains(err.msg, missing);
	assert_contains(err.msg, "cannot open");

	gp_err_clear(&err);
	assert_int_equal(csv_open_file(&r, dir, &err), GP_EIO);
	assert_null(r);
	assert_contains(err.msg, dir);
	assert_contains(err.msg, "is a directory");
}

/* Expected content of the generated file. */
struct want_rec {
	long line;
	int bad; /* CSV_BAD expected: 1 for bad UTF-8, 2 for text after a quote */
	int nf;
	char f[3][40];
};

struct want_list {
	struct want_rec *v;
	size_t n, cap;
};

static void want_add(struct want_list *w, long line, int bad, int nf, const char *a, const char *b,
		     const char *c)
{
	struct want_rec *x;

	XGROW(w->v, w->n + 1, w->cap);
	x = &w->v[w->n++];
	memset(x, 0, sizeof(*x));
	x->line = line;
	x->bad = bad;
	x->nf = nf;
	str_copy(x->f[0], sizeof(x->f[0]), a);
	str_copy(x->f[1], sizeof(x->f[1]), b ? b : "");
	str_copy(x->f[2], sizeof(x->f[2]), c ? c : "");
}

static long count_nl(const char *s)
{
	long n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* Builds a file of at least min_bytes: pad empty lines (skipped by the reader),
 * then records cycling through seven shapes (quotes, "" escapes, CRLF, line
 * breaks in quotes, multi-byte UTF-8, an empty line, a GBK record, a bad record
 * whose rest is skipped), so that as pad varies over a cycle's length the block
 * boundary falls on every byte of every shape. */
static void build_file(struct buf *b, struct want_list *w, int pad, size_t min_bytes)
{
	long line = 1;
	char rec[160], id[16];

	buf_reset(b);
	w->n = 0;
	for (int i = 0; i < pad; i++, line++)
		buf_addc(b, '\n');
	buf_adds(b, "id,a,b\n");
	want_add(w, line++, 0, 3, "id", "a", "b");
	for (int i = 0; b->len < min_bytes; i++) {
		str_fmt(id, sizeof(id), "%d", i);
		switch (i % 7) {
		case 0:
			str_fmt(rec, sizeof(rec), "%s,plain text,中文字段\n", id);
			want_add(w, line, 0, 3, id, "plain text", "中文字段");
			break;
		case 1:
			str_fmt(rec, sizeof(rec), "%s,\"quoted, comma\",\"say \"\"hi\"\"\"\r\n",
				id);
			want_add(w, line, 0, 3, id, "quoted, comma", "say \"hi\"");
			break;
		case 2:
			str_fmt(rec, sizeof(rec), "%s,\"multi\nline\r\n字段\",x\n", id);
			want_add(w, line, 0, 3, id, "multi\nline\r\n字段", "x");
			break;
		case 3:
			/* an empty line, then a record of empty fields */
			str_fmt(rec, sizeof(rec), "\r\n%s,,\n", id);
			want_add(w, line + 1, 0, 3, id, "", "");
			break;
		case 4:
			str_fmt(rec, sizeof(rec), "%s,\"\",末尾\r\n", id);
			want_add(w, line, 0, 3, id, "", "末尾");
			break;
		case 5:
			str_fmt(rec, sizeof(rec), "%s,\xc3\xfb\xb3\xc6\n", id);
			want_add(w, line, 1, 0, "", NULL, NULL);
			break;
		default:
			/* bad, then skipped over a quoted "" and line break */
			str_fmt(rec, sizeof(rec), "%s,\"a\"x,\"b\"\"\nc\",d\n", id);
			want_add(w, line, 2, 0, "", NULL, NULL);
			break;
		}
		buf_adds(b, rec);
		line += count_nl(rec);
	}
}

static void check_file(const char *path, const struct buf *b, const struct want_list *w)
{
	struct csv_reader *r = NULL;
	struct csv_record rec;
	struct gp_err err;

	gp_err_clear(&err);
	assert_int_equal(csv_open_file(&r, path, &err), GP_OK);
	assert_string_equal(csv_name(r), path);
	assert_int_equal(csv_size(r), b->len);
	for (size_t i = 0; i < w->n; i++) {
		const struct want_rec *x = &w->v[i];
		enum csv_result cr = csv_next(r, &rec, &err);

		if (x->bad) {
			char prefix[600];
			if (cr != CSV_BAD)
				fail_msg("record %zu (line %ld): expected bad, got %d", i, x->line,
					 (int)cr);
			str_fmt(prefix, sizeof(prefix), "%s:%ld: %s", path, x->line,
				x->bad == 1 ? "not valid UTF-8" : "text after a closing");
			assert_contains(err.msg, prefix);
			continue;
		}
		if (cr != CSV_ROW)
			fail_msg("record %zu (line %ld): got %d (%s)", i, x->line, (int)cr,
				 err.msg);
		if (rec.line != x->line)
			fail_msg("record %zu: line %ld, expected %ld", i, rec.line, x->line);
		assert_int_equal(rec.nfields, x->nf);
		for (int k = 0; k < x->nf; k++)
			if (strcmp(rec.fields[k], x->f[k]) != 0)
				fail_msg("record %zu (line %ld) field %d: \"%s\", expected \"%s\"",
					 i, x->line, k + 1, rec.fields[k], x->f[k]);
	}
	assert_int_equal(csv_next(r, &rec, &err), CSV_EOF);
	assert_int_equal(csv_offset(r), b->len);
	csv_close(r);
}

static void file_larger_than_block(void **state)
{
	const char *path = ((struct temp_path *)*state)->path;
	struct buf b;
	struct want_list w = {NULL, 0, 0};

	buf_init(&b, 0);
	/* One cycle of the seven shapes is under 160 bytes (ids of at most 5
	 * digits); pads 0..159 move the boundary across all of it. The first file
	 * spans three blocks. */
	for (int pad = 0; pad < 160; pad++) {
		FILE *fp;

		build_file(&b, &w, pad, pad == 0 ? 2 * READER_BLOCK + 4096 : READER_BLOCK + 512);
		assert_true(b.len > READER_BLOCK);
		fp = fopen(path, "wb");
		assert_non_null(fp);
		assert_int_equal(fwrite(b.data, 1, b.len, fp), b.len);
		assert_int_equal(fclose(fp), 0);
		check_file(path, &b, &w);
	}
	free(w.v);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(lf_and_crlf),
	    cmocka_unit_test(bom),
	    cmocka_unit_test(quoted_fields),
	    cmocka_unit_test(empty_lines_skipped),
	    cmocka_unit_test(unterminated_quote),
	    cmocka_unit_test(text_after_closing_quote),
	    cmocka_unit_test(stray_quote),
	    cmocka_unit_test(nul_byte),
	    cmocka_unit_test(invalid_utf8),
	    cmocka_unit_test(record_too_long),
	    cmocka_unit_test(record_at_buffer_end),
	    cmocka_unit_test(field_count_cap),
	    cmocka_unit_test_setup_teardown(open_errors, temp_dir_setup, temp_teardown),
	    cmocka_unit_test_setup_teardown(file_larger_than_block, temp_file_setup, temp_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
