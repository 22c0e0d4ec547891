/* fuzz_csv.c — libFuzzer harness for the CSV reader and the field parsers that
 * see untrusted bytes: every record is read, and each field goes through the
 * USCC, period, number and UTF-8 width functions. Must never crash or leak. */
#include <stddef.h>
#include <stdint.h>

#include "core/period.h"
#include "core/uscc.h"
#include "ingest/csv.h"
#include "util/num.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_reader *r;
	struct csv_record rec;
	struct gp_err err;
	enum csv_result cr;

	csv_open_mem(&r, (const char *)data, size, "fuzz.csv");
	while ((cr = csv_next(r, &rec, &err)) != CSV_EOF && cr != CSV_FATAL) {
		if (cr != CSV_ROW)
			continue;
		for (size_t i = 0; i < rec.nfields; i++) {
			char uscc[USCC_LEN + 1];
			int period;
			double v;
			uscc_normalize(rec.fields[i], uscc, &err);
			period_parse(rec.fields[i], &period, &err);
			num_parse_double(rec.fields[i], &v);
			(void)utf8_width(rec.fields[i]);
		}
	}
	csv_close(r);
	return 0;
}
