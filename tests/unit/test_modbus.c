/* test_modbus.c — core/modbus_map.c: decoding of every register type in both word orders
 * against hand-built register values (IEEE 754 binary32 bit patterns worked by hand:
 * 1234.5 = 1.2056640625 × 2^10 = 0x449A5000; -0.5 = 0xBF000000; two's complement for the
 * signed types), scale, and the map line's validation naming the field. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "near.h"

#include "core/modbus_map.h"
#include "util/str.h"

static double dec(uint16_t r0, uint16_t r1, enum modbus_type t, enum modbus_word_order o,
		  double scale)
{
	const uint16_t regs[2] = {r0, r1};
	struct gp_err err;
	double v = NAN;

	assert_int_equal(modbus_decode(regs, t, o, scale, &v, &err), GP_OK);
	return v;
}

static void sixteen_bit(void **state)
{
	(void)state;
	assert_int_equal(modbus_type_regs(MODBUS_INT16), 1);
	assert_int_equal(modbus_type_regs(MODBUS_UINT16), 1);
	/* one register: the word order does not apply, and the second is not read */
	for (int o = MODBUS_WORDS_BIG; o <= MODBUS_WORDS_LITTLE; o++) {
		assert_true(dec(0xFFFF, 0x1234, MODBUS_INT16, o, 1) == -1);
		assert_true(dec(0x8000, 0, MODBUS_INT16, o, 1) == -32768);
		assert_true(dec(0x7FFF, 0, MODBUS_INT16, o, 1) == 32767);
		assert_true(dec(0xFFFF, 0x1234, MODBUS_UINT16, o, 1) == 65535);
		assert_true(dec(0, 0, MODBUS_UINT16, o, 1) == 0);
	}
}

static void thirty_two_bit(void **state)
{
	(void)state;
	assert_int_equal(modbus_type_regs(MODBUS_INT32), 2);
	assert_int_equal(modbus_type_regs(MODBUS_FLOAT32), 2);
	/* -2 = 0xFFFFFFFE: big {0xFFFF, 0xFFFE}, little {0xFFFE, 0xFFFF} */
	assert_true(dec(0xFFFF, 0xFFFE, MODBUS_INT32, MODBUS_WORDS_BIG, 1) == -2);
	assert_true(dec(0xFFFE, 0xFFFF, MODBUS_INT32, MODBUS_WORDS_LITTLE, 1) == -2);
	/* the same words in the other order are another number: 0xFFFEFFFF = -65537 */
	assert_true(dec(0xFFFF, 0xFFFE, MODBUS_INT32, MODBUS_WORDS_LITTLE, 1) == -65537);
	assert_true(dec(0x8000, 0x0000, MODBUS_INT32, MODBUS_WORDS_BIG, 1) == -2147483648.0);
	assert_true(dec(0x7FFF, 0xFFFF, MODBUS_INT32, MODBUS_WORDS_BIG, 1) == 2147483647.0);
	/* 0x00010002 = 65538 */
	assert_true(dec(0x0001, 0x0002, MODBUS_INT32, MODBUS_WORDS_BIG, 1) == 65538);
	assert_true(dec(0x0002, 0x0001, MODBUS_INT32, MODBUS_WORDS_LITTLE, 1) == 65538);
	/* 3000000000 = 0xB2D05E00, above INT32_MAX */
	assert_true(dec(0xB2D0, 0x5E00, MODBUS_UINT32, MODBUS_WORDS_BIG, 1) == 3000000000.0);
	assert_true(dec(0x5E00, 0xB2D0, MODBUS_UINT32, MODBUS_WORDS_LITTLE, 1) == 3000000000.0);
	assert_true(dec(0xFFFF, 0xFFFF, MODBUS_UINT32, MODBUS_WORDS_BIG, 1) == 4294967295.0);
	/* float32 1234.5 = 0x449A5000 */
	assert_true(dec(0x449A, 0x5000, MODBUS_FLOAT32, MODBUS_WORDS_BIG, 1) == 1234.5);
	assert_true(dec(0x5000, 0x449A, MODBUS_FLOAT32, MODBUS_WORDS_LITTLE, 1) == 1234.5);
	/* -0.5 = 0xBF000000; 1.0 = 0x3F800000 */
	assert_true(dec(0xBF00, 0x0000, MODBUS_FLOAT32, MODBUS_WORDS_BIG, 1) == -0.5);
	assert_true(dec(0x0000, 0x3F80, MODBUS_FLOAT32, MODBUS_WORDS_LITTLE, 1) == 1.0);
}

static void scale_and_non_finite(void **state)
{
	const uint16_t nan_regs[2] = {0x7FC0, 0x0000}; /* quiet NaN */
	const uint16_t inf_regs[2] = {0x0000, 0xFF80}; /* -inf, little word order */
	struct gp_err err;
	double v;

	(void)state;
	assert_near(dec(12345, 0, MODBUS_UINT16, MODBUS_WORDS_BIG, 0.01), 123.45, 1e-12);
	assert_near(dec(0xFFFF, 0, MODBUS_INT16, MODBUS_WORDS_BIG, 0.1), -0.1, 1e-15);
	assert_near(dec(0xB2D0, 0x5E00, MODBUS_UINT32, MODBUS_WORDS_BIG, 0.001), 3000000.0, 1e-6);
	assert_true(dec(0x449A, 0x5000, MODBUS_FLOAT32, MODBUS_WORDS_BIG, 2) == 2469);
	assert_true(dec(0xFFFF, 0xFFFE, MODBUS_INT32, MODBUS_WORDS_BIG, -1) == 2);
	assert_int_equal(modbus_decode(nan_regs, MODBUS_FLOAT32, MODBUS_WORDS_BIG, 1, &v, &err),
			 GP_EINPUT);
	assert_contains(err.msg, "0x7fc00000 is not a finite number");
	assert_int_equal(modbus_decode(inf_regs, MODBUS_FLOAT32, MODBUS_WORDS_LITTLE, 1, &v, &err),
			 GP_EINPUT);
}

/* Parses a map line (comma-separated, no quoting) into e. */
static int parse(const char *line, struct modbus_entry *e, struct gp_err *err)
{
	static char buf[512];
	const char *f[16];
	size_t n = 0;
	char *p = buf;

	str_copy(buf, sizeof(buf), line);
	f[n++] = p;
	for (; *p && n < 16; p++)
		if (*p == ',') {
			*p = '\0';
			f[n++] = p + 1;
		}
	return modbus_entry_parse(f, n, e, err);
}

static void map_lines(void **state)
{
	struct modbus_entry e;
	struct gp_err err;

	(void)state;
	assert_int_equal(parse("M1,10.0.0.5,502,1,holding,100,float32,little,0.5,60", &e, &err),
			 GP_OK);
	assert_string_equal(e.meter, "M1");
	assert_string_equal(e.host, "10.0.0.5");
	assert_int_equal(e.port, 502);
	assert_int_equal(e.unit_id, 1);
	assert_int_equal(e.kind, MODBUS_HOLDING);
	assert_int_equal(e.address, 100);
	assert_int_equal(e.type, MODBUS_FLOAT32);
	assert_int_equal(e.order, MODBUS_WORDS_LITTLE);
	assert_true(e.scale == 0.5);
	assert_int_equal(e.interval_s, 60);
	assert_int_equal(e.meter_id, 0);
	assert_int_equal(parse("M2,plc-1.local,1502,247,INPUT,65535,uint16,big,-1,86400", &e, &err),
			 GP_OK);
	assert_int_equal(e.kind, MODBUS_INPUT);

	static const struct {
		const char *line, *msg;
	} bad[] = {
	    {"M1,h,502,1,holding,0,int16,big,1", "9 fields (expected 10"},
	    {"表 1,h,502,1,holding,0,int16,big,1,60", "表 1"},
	    {"M1,,502,1,holding,0,int16,big,1,60", "host ''"},
	    {"M1,a b,502,1,holding,0,int16,big,1,60", "host 'a b'"},
	    {"M1,h,0,1,holding,0,int16,big,1,60", "port '0' is not a whole number from 1 to 65535"},
	    {"M1,h,502x,1,holding,0,int16,big,1,60", "port '502x'"},
	    {"M1,h,502,248,holding,0,int16,big,1,60", "unit '248' is not a whole number from 0"},
	    {"M1,h,502,1,coil,0,int16,big,1,60", "kind 'coil' is not a register kind"},
	    {"M1,h,502,1,holding,-1,int16,big,1,60", "address '-1'"},
	    {"M1,h,502,1,holding,65535,int32,big,1,60", "address 65535: a int32 needs 2 registers"},
	    {"M1,h,502,1,holding,0,float64,big,1,60", "type 'float64' is not a register type"},
	    {"M1,h,502,1,holding,0,int32,badc,1,60", "word_order 'badc' is not a word order"},
	    {"M1,h,502,1,holding,0,int16,big,0,60", "scale '0' is not a non-zero number"},
	    {"M1,h,502,1,holding,0,int16,big,nan,60", "scale 'nan'"},
	    {"M1,h,502,1,holding,0,int16,big,1,0", "interval_s '0' is not a whole number from 1"},
	    {"M1,h,502,1,holding,0,int16,big,1,86401", "interval_s '86401'"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(bad[i].line, &e, &err), GP_EINPUT);
		assert_contains(err.msg, bad[i].msg);
	}
}

static void names(void **state)
{
	enum modbus_type t;
	struct gp_err err;

	(void)state;
	for (int i = MODBUS_INT16; i <= MODBUS_FLOAT32; i++) {
		assert_int_equal(modbus_type_parse(modbus_type_name(i), &t, &err), GP_OK);
		assert_int_equal(t, i);
	}
	assert_string_equal(modbus_reg_kind_name(MODBUS_INPUT), "input");
	assert_string_equal(modbus_word_order_name(MODBUS_WORDS_LITTLE), "little");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(sixteen_bit),
	    cmocka_unit_test(thirty_two_bit),
	    cmocka_unit_test(scale_and_non_finite),
	    cmocka_unit_test(map_lines),
	    cmocka_unit_test(names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
