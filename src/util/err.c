/* err.c — status names and message formatting. */
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>

int gp_err_set(struct gp_err *err, enum gp_status status, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return (int)status;
	err->status = status;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return (int)status;
}

void gp_err_clear(struct gp_err *err)
{
	if (!err)
		return;
	err->status = GP_OK;
	err->msg[0] = '\0';
}

const char *gp_status_name(enum gp_status status)
{
	switch (status) {
	case GP_OK: return "ok";
	case GP_EINPUT: return "input";
	case GP_ENOTFOUND: return "not found";
	case GP_ECONFLICT: return "conflict";
	case GP_ESTORE: return "store";
	case GP_ENOMEM: return "out of memory";
	case GP_EIO: return "i/o";
	case GP_ESCHEMA: return "schema";
	case GP_ETOOBIG: return "too big";
	case GP_EFACTOR: return "factor";
	case GP_EUSAGE: return "usage";
	}
	return "unknown";
}
