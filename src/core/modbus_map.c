/* modbus_map.c — the Modbus register map's parsing, validation and decoding. Pure: no
 * sockets, no store. */
#include "core/modbus_map.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/num.h"
#include "util/str.h"

static const char *const kind_names[] = {"holding", "input"};
static const char *const type_names[] = {"int16", "uint16", "int32", "uint32", "float32"};
static const char *const order_names[] = {"big", "little"};

const char *modbus_reg_kind_name(enum modbus_reg_kind k)
{
	return (unsigned)k < 2 ? kind_names[k] : "?";
}

const char *modbus_type_name(enum modbus_type t)
{
	return (unsigned)t < 5 ? type_names[t] : "?";
}

const char *modbus_word_order_name(enum modbus_word_order o)
{
	return (unsigned)o < 2 ? order_names[o] : "?";
}

static int name_index(const char *s, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (str_eq_nocase(s, names[i]))
			return (int)i;
	return -1;
}

int modbus_reg_kind_parse(const char *s, enum modbus_reg_kind *out, struct gp_err *err)
{
	int i = name_index(s, kind_names, 2);

	if (i < 0)
		return gp_err_set(err, GP_EINPUT,
				  "kind '%.40s' is not a register kind (expected holding or input)",
				  s);
	*out = (enum modbus_reg_kind)i;
	return GP_OK;
}

int modbus_type_parse(const char *s, enum modbus_type *out, struct gp_err *err)
{
	int i = name_index(s, type_names, 5);

	if (i < 0)
		return gp_err_set(err, GP_EINPUT,
				  "type '%.40s' is not a register type (expected int16, uint16, "
				  "int32, uint32 or float32)",
				  s);
	*out = (enum modbus_type)i;
	return GP_OK;
}

int modbus_word_order_parse(const char *s, enum modbus_word_order *out, struct gp_err *err)
{
	int i = name_index(s, order_names, 2);

	if (i < 0)
		return gp_err_set(err, GP_EINPUT,
				  "word_order '%.40s' is not a word order (expected big: high word "
				  "first, ABCD; or little: low word first, CDAB)",
				  s);
	*out = (enum modbus_word_order)i;
	return GP_OK;
}

int modbus_type_regs(enum modbus_type t)
{
	return t == MODBUS_INT16 || t == MODBUS_UINT16 ? 1 : 2;
}

int modbus_decode(const uint16_t *regs, enum modbus_type t, enum modbus_word_order o, double scale,
		  double *out, struct gp_err *err)
{
	uint32_t hi, lo, u32;
	double raw;

	if (t == MODBUS_INT16 || t == MODBUS_UINT16) {
		raw = t == MODBUS_INT16 ? (double)(int16_t)regs[0] : (double)regs[0];
		*out = raw * scale;
		return GP_OK;
	}
	hi = o == MODBUS_WORDS_BIG ? regs[0] : regs[1];
	lo = o == MODBUS_WORDS_BIG ? regs[1] : regs[0];
	u32 = hi << 16 | lo;
	switch (t) {
	case MODBUS_INT32:
		/* two's complement without relying on an implementation-defined conversion */
		raw = u32 >= 0x80000000u ? (double)u32 - 4294967296.0 : (double)u32;
		break;
	case MODBUS_UINT32: raw = (double)u32; break;
	default: {
		float f; /* IEEE 754 binary32, as every Modbus device sends it */
		_Static_assert(sizeof(f) == sizeof(u32), "float is not 32 bits");
		memcpy(&f, &u32, sizeof(f));
		if (!isfinite(f))
			return gp_err_set(err, GP_EINPUT, "float32 0x%08x is not a finite number",
					  (unsigned)u32);
		raw = (double)f;
	}
	}
	*out = raw * scale;
	return GP_OK;
}

static int int_field(const char *name, const char *s, int64_t min, int64_t max, int *out,
		     struct gp_err *err)
{
	int64_t v;

	if (!num_parse_int64(s, min, max, &v))
		return gp_err_set(err, GP_EINPUT,
				  "%s '%.40s' is not a whole number from %lld to %lld", name, s,
				  (long long)min, (long long)max);
	*out = (int)v;
	return GP_OK;
}

int modbus_entry_parse(const char *const *f, size_t nfields, struct modbus_entry *out,
		       struct gp_err *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if (nfields != MODBUS_MAP_FIELDS)
		return gp_err_set(err, GP_EINPUT,
				  "%zu fields (expected %d: meter,host,port,unit,kind,address,"
				  "type,word_order,scale,interval_s)",
				  nfields, MODBUS_MAP_FIELDS);
	if ((rc = meter_code_check(f[0], err)) != GP_OK)
		return rc;
	snprintf(out->meter, sizeof(out->meter), "%s", f[0]);
	if (!f[1][0] || strlen(f[1]) > MODBUS_HOST_MAX || strpbrk(f[1], " \t/"))
		return gp_err_set(err, GP_EINPUT,
				  "host '%.80s' is not a host name or address (1-%d bytes, no "
				  "spaces or slashes)",
				  f[1], MODBUS_HOST_MAX);
	snprintf(out->host, sizeof(out->host), "%s", f[1]);
	if ((rc = int_field("port", f[2], 1, 65535, &out->port, err)) != GP_OK ||
	    (rc = int_field("unit", f[3], 0, 247, &out->unit_id, err)) != GP_OK ||
	    (rc = modbus_reg_kind_parse(f[4], &out->kind, err)) != GP_OK ||
	    (rc = int_field("address", f[5], 0, 65535, &out->address, err)) != GP_OK ||
	    (rc = modbus_type_parse(f[6], &out->type, err)) != GP_OK ||
	    (rc = modbus_word_order_parse(f[7], &out->order, err)) != GP_OK)
		return rc;
	if (out->address + modbus_type_regs(out->type) > 65536)
		return gp_err_set(err, GP_EINPUT,
				  "address %d: a %s needs 2 registers and runs past 65535",
				  out->address, modbus_type_name(out->type));
	if (!num_parse_double(f[8], &out->scale) || out->scale == 0 || !isfinite(out->scale))
		return gp_err_set(err, GP_EINPUT,
				  "scale '%.40s' is not a non-zero number (reading = raw × scale, "
				  "e.g. 0.01)",
				  f[8]);
	return int_field("interval_s", f[9], 1, 86400, &out->interval_s, err);
}
