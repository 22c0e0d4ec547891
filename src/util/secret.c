/* secret.c — libsodium wrappers. Never logs or stores a secret in clear. */
#include "util/secret.h"

#include <sodium.h>
#include <string.h>

#include "util/str.h"

int secret_init(struct gp_err *err)
{
	if (sodium_init() < 0)
		return gp_err_set(err, GP_EINPUT, "libsodium could not be initialized");
	return GP_OK;
}

int secret_password_hash(const char *password, char out[SECRET_HASH_MAX], struct gp_err *err)
{
	size_t n = strlen(password);

	if (n < PASSWORD_MIN)
		return gp_err_set(err, GP_EINPUT, "password is shorter than %d characters",
				  PASSWORD_MIN);
	if (n > PASSWORD_MAX)
		return gp_err_set(err, GP_EINPUT, "password is longer than %d bytes", PASSWORD_MAX);
	if (crypto_pwhash_str_alg(out, password, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return gp_err_set(err, GP_ENOMEM, "hashing the password ran out of memory");
	return GP_OK;
}

bool secret_password_verify(const char *hash, const char *password)
{
	size_t n = strlen(password);
	if (n > PASSWORD_MAX)
		return false;
	return crypto_pwhash_str_verify(hash, password, n) == 0;
}

void secret_token_new(const char *prefix, char out[SECRET_TOKEN_MAX])
{
	unsigned char raw[32];
	char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(b64, sizeof(b64), raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	str_fmt(out, SECRET_TOKEN_MAX, "%s%s", prefix, b64);
}

void secret_token_hash(const char *token, unsigned char out[SECRET_TOKEN_HASH_BYTES])
{
	crypto_generichash(out, SECRET_TOKEN_HASH_BYTES, (const unsigned char *)token,
			   strlen(token), NULL, 0);
}
