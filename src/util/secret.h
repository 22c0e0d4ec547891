/* secret.h — passwords and random tokens (libsodium). Passwords are hashed with
 * argon2id (crypto_pwhash_str: the salt and parameters travel in the string);
 * tokens are 32 random bytes in URL-safe base64, stored only as a BLAKE2b hash. */
#ifndef GP_SECRET_H
#define GP_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

#define SECRET_HASH_MAX 128       /* crypto_pwhash_STRBYTES */
#define SECRET_TOKEN_MAX 64       /* a token's text, with its prefix */
#define SECRET_TOKEN_HASH_BYTES 32
#define PASSWORD_MIN 8
#define PASSWORD_MAX 256

/* Initializes libsodium once; GP_EINPUT when it cannot. */
int secret_init(struct gp_err *err);

/* Hashes a password (argon2id, interactive limits) into out. Errors: the password
 * is shorter than PASSWORD_MIN or longer than PASSWORD_MAX bytes, or out of memory. */
int secret_password_hash(const char *password, char out[SECRET_HASH_MAX], struct gp_err *err);

/* True when password matches a hash made by secret_password_hash (constant time). */
bool secret_password_verify(const char *hash, const char *password);

/* A new random token: prefix + 43 characters of URL-safe base64 (256 bits). */
void secret_token_new(const char *prefix, char out[SECRET_TOKEN_MAX]);

/* The hash under which a token is stored. */
void secret_token_hash(const char *token, unsigned char out[SECRET_TOKEN_HASH_BYTES]);

#endif
