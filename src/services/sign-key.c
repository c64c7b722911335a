/*
 * sign-key.c - minisign key files: making a key pair, reading a public key,
 * and reading (and decrypting) a secret key into memory (sign.h; the
 * layouts are at the head of sign.c).  Split from sign.c, which makes and
 * checks signatures with what this reads; named sign-key.c rather than
 * key.c because sign.h, not a key.h, declares it.
 *
 * Key files are handled as OpenBSD's signify does: opened without following
 * symbolic links, created exclusively (a key is never overwritten), the
 * secret key 0600, and a secret key that group or others can read is
 * refused.  A secret key lives only in sodium_malloc memory that is kept
 * inaccessible while idle and wiped when released.  A password-protected
 * secret key is encrypted as minisign does: XOR with an scrypt stream.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "sign-int.h"
#include "govrec/util.h"

#define PK_BYTES      42
#define SK_BYTES      158
#define SK_SECRET_AT  54 /* key id, sk and chk: what a password encrypts */
#define SK_SECRET_LEN 104
#define KEY_FILE_MAX  4096
/* Limits above these in a secret key file are refused rather than attempted. */
#define SCRYPT_OPS_CAP (1ULL << 36)
#define SCRYPT_MEM_CAP (1ULL << 33)

static const char untrusted_prefix[] = SIGN_UNTRUSTED_PREFIX;

static void le64_store(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t le64_load(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

void govrec_key_id_hex(const unsigned char id[8], char out[17])
{
	static const char hex[] = "0123456789ABCDEF";
	int i;

	size_t lead = 0;

	/*
	 * minisign prints the id as a little-endian u64 with "%" PRIX64: last
	 * byte first, and without leading zeros.
	 */
	for (i = 0; i < 8; i++) {
		out[2 * i] = hex[id[7 - i] >> 4];
		out[2 * i + 1] = hex[id[7 - i] & 15];
	}
	out[16] = '\0';
	while (lead < 15 && out[lead] == '0')
		lead++;
	memmove(out, out + lead, 17 - lead);
}

/*
 * Reads a small file without following a symbolic link at path; refuses
 * anything but a regular file and files over max bytes.  *st gets its status.
 */
static enum govrec_status read_small(const char *path, size_t max, const char *what,
				     struct govrec_buf *b, struct stat *st,
				     struct govrec_error *err)
{
	char chunk[4096];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == ELOOP)
			return govrec_error_set(err, GOVREC_INVALID,
						"%s '%s' is a symbolic link; give the file itself",
						what, path);
		return govrec_error_set(err, errno == ENOENT ? GOVREC_INVALID : GOVREC_ERROR,
					"cannot open %s '%s': %s", what, path, strerror(errno));
	}
	if (fstat(fd, st) != 0) {
		close(fd);
		return govrec_error_set(err, GOVREC_ERROR, "cannot read %s '%s': %s", what, path,
					strerror(errno));
	}
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return govrec_error_set(err, GOVREC_INVALID, "%s '%s' is not a regular file", what,
					path);
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (b->len + (size_t)n > max) {
			close(fd);
			return govrec_error_set(err, GOVREC_INVALID,
						"%s '%s' is too large to be one (over %zu bytes)",
						what, path, max);
		}
		govrec_buf_add(b, chunk, (size_t)n);
	}
	if (n < 0) {
		int e = errno;

		close(fd);
		return govrec_error_set(err, GOVREC_ERROR, "cannot read %s '%s': %s", what, path,
					strerror(e));
	}
	close(fd);
	sodium_memzero(chunk, sizeof(chunk)); /* it may have held a secret key */
	if (memchr(b->data, '\0', b->len))
		return govrec_error_set(err, GOVREC_INVALID, "%s '%s' holds a NUL byte", what,
					path);
	return GOVREC_OK;
}

/*
 * Creates path exclusively (never following a link, never replacing a file)
 * with mode and writes data to it, synced.  On failure nothing is left.
 */
static enum govrec_status write_new(const char *path, mode_t mode, const char *data, size_t len,
				    struct govrec_error *err)
{
	size_t done = 0;
	int fd, e;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, mode);
	if (fd < 0) {
		if (errno == EEXIST)
			return govrec_error_set(err, GOVREC_REFUSED,
						"'%s' already exists; a key file is never "
						"overwritten",
						path);
		return govrec_error_set(err, GOVREC_ERROR, "cannot create '%s': %s", path,
					strerror(errno));
	}
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		done += (size_t)n;
	}
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	return GOVREC_OK;
fail:
	e = errno ? errno : EIO;
	if (fd >= 0)
		close(fd);
	unlink(path);
	return govrec_error_set(err, GOVREC_ERROR, "cannot write '%s': %s", path, strerror(e));
}

void govrec_pubkey_base64(const struct govrec_pubkey *pub, char out[57])
{
	unsigned char bin[PK_BYTES];

	memcpy(bin, "Ed", 2);
	memcpy(bin + 2, pub->id, 8);
	memcpy(bin + 10, pub->pk, 32);
	sodium_bin2base64(out, 57, bin, sizeof(bin), sodium_base64_VARIANT_ORIGINAL);
}

void govrec_pubkey_format(const struct govrec_pubkey *pub, struct govrec_buf *out)
{
	char id[17], b64[57];

	govrec_key_id_hex(pub->id, id);
	govrec_pubkey_base64(pub, b64);
	govrec_buf_addf(out, "%sminisign public key %s\n%s\n", untrusted_prefix, id, b64);
}

/* BLAKE2b-256("Ed" || key id || sk): the check that tells a wrong password. */
static void seckey_chk(const unsigned char *id, const unsigned char *sk, unsigned char chk[32])
{
	crypto_generichash_state hs;

	crypto_generichash_init(&hs, NULL, 0, 32);
	crypto_generichash_update(&hs, (const unsigned char *)"Ed", 2);
	crypto_generichash_update(&hs, id, 8);
	crypto_generichash_update(&hs, sk, 64);
	crypto_generichash_final(&hs, chk, 32);
}

/* XORs the secret part of a secret key file with the scrypt stream of password. */
static enum govrec_status scrypt_xor(unsigned char *raw, const char *password,
				     struct govrec_error *err)
{
	uint64_t ops = le64_load(raw + 38), mem = le64_load(raw + 46);
	unsigned char *stream;
	size_t i;

	if (ops == 0 || mem == 0 || ops > SCRYPT_OPS_CAP || mem > SCRYPT_MEM_CAP)
		return govrec_error_set(err, GOVREC_INVALID,
					"its scrypt limits (%llu operations, %llu bytes) are "
					"out of range",
					(unsigned long long)ops, (unsigned long long)mem);
	stream = sodium_malloc(SK_SECRET_LEN);
	if (!stream)
		return govrec_error_oom(err);
	if (crypto_pwhash_scryptsalsa208sha256(stream, SK_SECRET_LEN, password, strlen(password),
					       raw + 6, (unsigned long long)ops,
					       (size_t)mem) != 0) {
		sodium_free(stream);
		return govrec_error_set(err, GOVREC_ERROR,
					"cannot derive a key from the password (scrypt needs "
					"%llu bytes of memory)",
					(unsigned long long)mem);
	}
	for (i = 0; i < SK_SECRET_LEN; i++)
		raw[SK_SECRET_AT + i] ^= stream[i];
	sodium_free(stream);
	return GOVREC_OK;
}

enum govrec_status govrec_key_generate_limits(const char *pub_path, const char *sec_path,
					      const char *password, uint64_t opslimit,
					      uint64_t memlimit, struct govrec_pubkey *pub,
					      struct govrec_error *err)
{
	struct govrec_buf pubfile = GOVREC_BUF_INIT;
	struct govrec_pubkey key;
	unsigned char *raw = NULL;
	char *secfile = NULL;
	size_t secfile_len = 0, b64len;
	struct stat st;
	int rc;

	if ((rc = sign_sodium_ready(err)) != GOVREC_OK)
		return rc;
	if (password && !*password)
		return govrec_error_set(err, GOVREC_INVALID, "the password is empty");
	/* Refuse before creating anything, so a refusal leaves no half pair. */
	if (lstat(pub_path, &st) == 0)
		return govrec_error_set(err, GOVREC_REFUSED,
					"'%s' already exists; a key file is never overwritten",
					pub_path);
	if (lstat(sec_path, &st) == 0)
		return govrec_error_set(err, GOVREC_REFUSED,
					"'%s' already exists; a key file is never overwritten",
					sec_path);

	b64len = sodium_base64_ENCODED_LEN(SK_BYTES, sodium_base64_VARIANT_ORIGINAL);
	secfile_len = sizeof(untrusted_prefix) + 64 + b64len + 2;
	raw = sodium_malloc(SK_BYTES);
	secfile = sodium_malloc(secfile_len);
	if (!raw || !secfile) {
		rc = govrec_error_oom(err);
		goto done;
	}
	memset(raw, 0, SK_BYTES);
	memcpy(raw, "Ed", 2);
	memcpy(raw + 4, "B2", 2);
	randombytes_buf(key.id, sizeof(key.id));
	memcpy(raw + SK_SECRET_AT, key.id, 8);
	crypto_sign_keypair(key.pk, raw + SK_SECRET_AT + 8);
	if (password) {
		/* minisign's encrypted layout: scrypt salt and limits, then XOR. */
		memcpy(raw + 2, "Sc", 2);
		randombytes_buf(raw + 6, 32);
		le64_store(raw + 38, opslimit);
		le64_store(raw + 46, memlimit);
		seckey_chk(key.id, raw + SK_SECRET_AT + 8, raw + SK_SECRET_AT + 72);
		if ((rc = scrypt_xor(raw, password, err)) != GOVREC_OK)
			goto done;
	}
	/*
	 * Without a password minisign 0.11 (-W) leaves the kdf bytes, salt,
	 * limits and checksum zero; so does govrec, byte for byte.
	 */
	snprintf(secfile, secfile_len, "%sminisign %s secret key\n", untrusted_prefix,
		 password ? "encrypted" : "unencrypted");
	{
		size_t at = strlen(secfile);

		sodium_bin2base64(secfile + at, secfile_len - at, raw, SK_BYTES,
				  sodium_base64_VARIANT_ORIGINAL);
		at = strlen(secfile);
		secfile[at] = '\n';
		secfile[at + 1] = '\0';
	}
	govrec_pubkey_format(&key, &pubfile);
	rc = write_new(sec_path, 0600, secfile, strlen(secfile), err);
	if (rc != GOVREC_OK)
		goto done;
	rc = write_new(pub_path, 0644, pubfile.data, pubfile.len, err);
	if (rc != GOVREC_OK) {
		unlink(sec_path);
		goto done;
	}
	if (pub)
		*pub = key;
done:
	sodium_free(raw);
	sodium_free(secfile);
	govrec_buf_release(&pubfile);
	return rc;
}

enum govrec_status govrec_key_generate(const char *pub_path, const char *sec_path,
				       const char *password, struct govrec_pubkey *pub,
				       struct govrec_error *err)
{
	return govrec_key_generate_limits(pub_path, sec_path, password, GOVREC_SCRYPT_OPSLIMIT,
					  GOVREC_SCRYPT_MEMLIMIT, pub, err);
}

static enum govrec_status pubkey_parse(const char *s, size_t n, struct govrec_pubkey *pub,
				       struct govrec_error *err)
{
	unsigned char bin[PK_BYTES];

	if (sign_from_base64(bin, sizeof(bin), s, n) != 0)
		return govrec_error_set(err, GOVREC_INVALID, "it is not a minisign public key");
	if (memcmp(bin, "Ed", 2) != 0)
		return govrec_error_set(err, GOVREC_INVALID,
					"its signature algorithm is not Ed25519");
	memcpy(pub->id, bin + 2, 8);
	memcpy(pub->pk, bin + 10, 32);
	return GOVREC_OK;
}

enum govrec_status govrec_pubkey_read(const char *path_or_base64, int from_base64_line,
				      struct govrec_pubkey *pub, struct govrec_error *err)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	struct sign_line lines[2];
	struct stat st;
	size_t count;
	int rc;

	if ((rc = sign_sodium_ready(err)) != GOVREC_OK)
		return rc;
	if (from_base64_line) {
		const char *s = path_or_base64;
		size_t n = strlen(s);

		while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
			n--;
		rc = pubkey_parse(s, n, pub, err);
		if (rc != GOVREC_OK)
			govrec_error_prefix(err, "public key '%.60s'", path_or_base64);
		return rc;
	}
	rc = read_small(path_or_base64, KEY_FILE_MAX, "public key", &b, &st, err);
	if (rc == GOVREC_OK) {
		count = sign_split_lines(b.data, b.len, lines, 2);
		if (count < 2 || !sign_has_prefix(&lines[0], untrusted_prefix))
			rc = govrec_error_set(err, GOVREC_INVALID,
					      "it is not a minisign public key file");
		else
			rc = pubkey_parse(lines[1].s, lines[1].n, pub, err);
		if (rc != GOVREC_OK)
			govrec_error_prefix(err, "public key '%s'", path_or_base64);
	}
	govrec_buf_release(&b);
	return rc;
}

/* Reads and base64-decodes a secret key file into raw (SK_BYTES, sodium memory). */
static enum govrec_status seckey_load(const char *path, unsigned char *raw,
				      struct govrec_error *err)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	struct sign_line lines[2];
	struct stat st;
	int rc;

	rc = read_small(path, KEY_FILE_MAX, "secret key", &b, &st, err);
	if (rc != GOVREC_OK)
		goto done;
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		rc = govrec_error_set(err, GOVREC_REFUSED,
				      "secret key '%s' is open to group or others (mode %04o); "
				      "make it private with chmod 600",
				      path, (unsigned)(st.st_mode & 07777));
		goto done;
	}
	if (sign_split_lines(b.data, b.len, lines, 2) < 2 ||
	    !sign_has_prefix(&lines[0], untrusted_prefix) ||
	    sign_from_base64(raw, SK_BYTES, lines[1].s, lines[1].n) != 0) {
		rc = govrec_error_set(err, GOVREC_INVALID, "'%s' is not a minisign secret key file",
				      path);
		goto done;
	}
	if (memcmp(raw, "Ed", 2) != 0 || memcmp(raw + 4, "B2", 2) != 0 ||
	    (memcmp(raw + 2, "Sc", 2) != 0 && memcmp(raw + 2, "\0\0", 2) != 0))
		rc = govrec_error_set(err, GOVREC_INVALID,
				      "secret key '%s' uses an algorithm govrec does not know "
				      "(Ed25519, scrypt and BLAKE2b are supported)",
				      path);
done:
	sodium_memzero(b.data, b.len);
	govrec_buf_release(&b);
	return rc;
}

int govrec_seckey_encrypted(const char *path)
{
	unsigned char *raw;
	int enc = 0;

	if (sodium_init() < 0 || !(raw = sodium_malloc(SK_BYTES)))
		return 0;
	if (seckey_load(path, raw, NULL) == GOVREC_OK)
		enc = memcmp(raw + 2, "Sc", 2) == 0;
	sodium_free(raw);
	return enc;
}

enum govrec_status govrec_seckey_read(const char *path, const char *password,
				      struct govrec_seckey **out, struct govrec_error *err)
{
	static const unsigned char zero[32];
	struct govrec_seckey *k = NULL;
	unsigned char *raw = NULL;
	unsigned char chk[32], pk[32], derived[32];
	int rc, encrypted;

	*out = NULL;
	if ((rc = sign_sodium_ready(err)) != GOVREC_OK)
		return rc;
	raw = sodium_malloc(SK_BYTES);
	if (!raw)
		return govrec_error_oom(err);
	if ((rc = seckey_load(path, raw, err)) != GOVREC_OK)
		goto done;
	encrypted = memcmp(raw + 2, "Sc", 2) == 0;
	if (encrypted && !password) {
		rc = govrec_error_set(err, GOVREC_REFUSED,
				      "secret key '%s' is protected by a password, and none was "
				      "given",
				      path);
		goto done;
	}
	if (encrypted && (rc = scrypt_xor(raw, password, err)) != GOVREC_OK) {
		govrec_error_prefix(err, "secret key '%s'", path);
		goto done;
	}
	seckey_chk(raw + SK_SECRET_AT, raw + SK_SECRET_AT + 8, chk);
	if (sodium_memcmp(chk, raw + SK_SECRET_AT + 72, 32) != 0) {
		/* minisign 0.11 leaves the checksum of an unprotected key zero. */
		if (encrypted) {
			rc = govrec_error_set(err, GOVREC_REFUSED,
					      "wrong password for secret key '%s'", path);
			goto done;
		}
		if (sodium_memcmp(raw + SK_SECRET_AT + 72, zero, 32) != 0) {
			rc = govrec_error_set(err, GOVREC_INVALID,
					      "secret key '%s' is damaged (its checksum does not "
					      "match)",
					      path);
			goto done;
		}
	}
	/* The public half stored in sk must be the one its seed gives. */
	crypto_sign_ed25519_sk_to_pk(pk, raw + SK_SECRET_AT + 8);
	{
		unsigned char *seedpair = sodium_malloc(64);
		int same;

		if (!seedpair) {
			rc = govrec_error_oom(err);
			goto done;
		}
		crypto_sign_seed_keypair(derived, seedpair, raw + SK_SECRET_AT + 8);
		same = sodium_memcmp(derived, pk, 32) == 0;
		sodium_free(seedpair);
		if (!same) {
			rc = govrec_error_set(err, GOVREC_INVALID,
					      "secret key '%s' is damaged (its two halves do not "
					      "match)",
					      path);
			goto done;
		}
	}
	k = sodium_malloc(sizeof(*k));
	if (!k) {
		rc = govrec_error_oom(err);
		goto done;
	}
	memcpy(k->id, raw + SK_SECRET_AT, 8);
	memcpy(k->sk, raw + SK_SECRET_AT + 8, 64);
	sodium_mprotect_noaccess(k);
	*out = k;
done:
	sodium_memzero(chk, sizeof(chk));
	sodium_free(raw);
	return rc;
}

void govrec_seckey_free(struct govrec_seckey *sk)
{
	if (!sk)
		return;
	sodium_mprotect_readwrite(sk);
	sodium_free(sk); /* wipes it */
}

void govrec_seckey_pubkey(const struct govrec_seckey *sk, struct govrec_pubkey *pub)
{
	struct govrec_seckey *k = (struct govrec_seckey *)sk;

	sodium_mprotect_readonly(k);
	memcpy(pub->id, k->id, 8);
	memcpy(pub->pk, k->sk + 32, 32);
	sodium_mprotect_noaccess(k);
}
