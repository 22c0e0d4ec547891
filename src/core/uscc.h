/* uscc.h — 统一社会信用代码 (unified social credit code), GB 32100-2015.
 * 18 characters: registration authority (1), organisation type (1),
 * administrative division (6 digits), subject identifier (9), check character (1). */
#ifndef GP_USCC_H
#define GP_USCC_H

#include <stddef.h>

#include "util/err.h"

#define USCC_LEN 18

/* Computes the check character for the first 17 characters of code.
 * Returns GP_OK and sets *check, or GP_EINPUT when a character is outside the
 * code's charset (0-9 A-H J-N P-R T U W-Y). */
int uscc_check_char(const char *code17, char *check);

/* Validates code (NUL-terminated) and writes the canonical upper-case form into
 * out[USCC_LEN + 1]. Lower-case letters are accepted and upper-cased; spaces
 * around it are not part of the code and must be trimmed by the caller.
 * Errors (GP_EINPUT) say what is wrong: length, a character not in the charset
 * and its position, a non-digit in the administrative division, or the check
 * character found and the one expected. */
int uscc_normalize(const char *code, char out[USCC_LEN + 1], struct gp_err *err);

#endif
