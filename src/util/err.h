/* err.h — the one status enum and a message carrier for people-readable errors.
 * Never allocates; messages are truncated to fit. */
#ifndef GP_ERR_H
#define GP_ERR_H

#include <stddef.h>

enum gp_status {
	GP_OK = 0,
	GP_EINPUT,    /* bad input: a file, a field, an option */
	GP_ENOTFOUND, /* a named thing does not exist */
	GP_ECONFLICT, /* the request conflicts with stored state */
	GP_ESTORE,    /* the store failed (SQL error, busy, corrupt) */
	GP_ENOMEM,
	GP_EIO,     /* reading or writing a file failed */
	GP_ESCHEMA, /* the store's schema is missing or newer than this binary */
	GP_ETOOBIG, /* an input-controlled size passed its cap */
	GP_EFACTOR, /* a factor needed by a method is missing */
	GP_EUSAGE   /* command-line usage */
};

#define GP_ERR_MSG_MAX 1024

struct gp_err {
	enum gp_status status;
	char msg[GP_ERR_MSG_MAX];
};

/* Sets err (may be NULL) to status and the formatted message; returns status so a
 * caller can write `return gp_err_set(err, GP_EINPUT, "...")`. */
int gp_err_set(struct gp_err *err, enum gp_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears err to GP_OK and an empty message. */
void gp_err_clear(struct gp_err *err);

/* A short English name of a status, for logs: "input", "not found", ... */
const char *gp_status_name(enum gp_status status);

#endif
