/* modbus_map.h — the Modbus register map: which register of which device (host:port, unit
 * id) a meter's readings come from, how to decode its words (int16/uint16/int32/uint32/
 * float32, word order, scale) and how often to poll it (docs/metering.md, "Modbus").
 * Pure: parses, validates and decodes; never opens a socket or the store. */
#ifndef GP_MODBUS_MAP_H
#define GP_MODBUS_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "core/meters.h"
#include "util/err.h"

#define MODBUS_HOST_MAX 64 /* a host name or an IPv4/IPv6 address */
#define MODBUS_MAP_FIELDS                                                                          \
	10 /* meter,host,port,unit,kind,address,type,word_order,scale,interval_s */

enum modbus_reg_kind { MODBUS_HOLDING, MODBUS_INPUT };
enum modbus_type { MODBUS_INT16, MODBUS_UINT16, MODBUS_INT32, MODBUS_UINT32, MODBUS_FLOAT32 };
/* 32-bit values span two registers: big = high word first (ABCD), little = low word first
 * (CDAB). Bytes within a register are always big-endian (Modbus Application Protocol
 * v1.1b3, 4.2). Ignored for 16-bit types. */
enum modbus_word_order { MODBUS_WORDS_BIG, MODBUS_WORDS_LITTLE };

/* One mapped register: the meter's readings are raw × scale. */
struct modbus_entry {
	char meter[METER_CODE_MAX + 1];
	int64_t meter_id; /* the store's meter id (filled by the store; 0 when parsed) */
	char host[MODBUS_HOST_MAX + 1];
	int port;    /* TCP port 1-65535 */
	int unit_id; /* Modbus unit (slave) id 0-247 */
	enum modbus_reg_kind kind;
	int address; /* 0-based register address 0-65535 (the PDU address, not 4xxxx) */
	enum modbus_type type;
	enum modbus_word_order order;
	double scale;   /* reading = raw × scale; finite and non-zero */
	int interval_s; /* seconds between polls, 1-86400 */
};

const char *modbus_reg_kind_name(enum modbus_reg_kind k);     /* "holding", "input" */
const char *modbus_type_name(enum modbus_type t);             /* "int16" … "float32" */
const char *modbus_word_order_name(enum modbus_word_order o); /* "big", "little" */
int modbus_reg_kind_parse(const char *s, enum modbus_reg_kind *out, struct gp_err *err);
int modbus_type_parse(const char *s, enum modbus_type *out, struct gp_err *err);
int modbus_word_order_parse(const char *s, enum modbus_word_order *out, struct gp_err *err);

/* Registers a value of type t occupies: 1 or 2. */
int modbus_type_regs(enum modbus_type t);

/* Decodes regs[0..modbus_type_regs(t)) as type t in word order o, times scale, into *out.
 * GP_EINPUT for a float32 that is NaN or infinite (a device's "no value"). */
int modbus_decode(const uint16_t *regs, enum modbus_type t, enum modbus_word_order o, double scale,
		  double *out, struct gp_err *err);

/* Parses one map line's MODBUS_MAP_FIELDS fields (trimmed by the caller) into *out
 * (meter_id 0). GP_EINPUT naming the field and the value on the first bad one. */
int modbus_entry_parse(const char *const *fields, size_t nfields, struct modbus_entry *out,
		       struct gp_err *err);

#endif
