/*
 * sign.c - minisign-compatible keys and signatures, made with libsodium.
 *
 * govrec signs its bundles so that anyone can check them with minisign
 * alone, so every file this module reads or writes is byte-compatible with
 * minisign 0.11 (the layouts are in docs/FORMATS.md):
 *
 *   public key  "Ed" | key id[8] | Ed25519 pk[32]                       42 bytes
 *   secret key  "Ed" | kdf "Sc" or 0 0 | "B2" | salt[32] | opslimit u64le |
 *               memlimit u64le | key id[8] | sk[64] | chk[32]           158 bytes
 *   signature   "ED" | key id[8] | Ed25519(BLAKE2b-512(data))[64]       74 bytes
 *               then a global signature over that signature || trusted comment
 *
 * Signatures are always made prehashed ("ED"), so a file of any size is
 * signed in one streaming pass; legacy "Ed" signatures (over the raw bytes)
 * are verified too.  Key files are handled as OpenBSD's signify does: opened
 * without following symbolic links, created exclusively (a key is never
 * overwritten), the secret key 0600, and a secret key that group or others
 * can read is refused.  A secret key lives only in sodium_malloc memory that
 * is kept inaccessible while idle and wiped when released.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>


#include "govrec/sign.h"
#include "govrec/util.h"

#define PK_BYTES      42
#define SK_BYTES      158
#define SIG_BYTES     74
#define SK_SECRET_AT  54 /* key id, sk and chk: what a password encrypts */
#define SK_SECRET_LEN 104
#define KEY_FILE_MAX  4096
#define SIG_FILE_MAX  16384
#define LEGACY_MAX    (1UL << 30) /* minisign's limit for unhashed ("Ed") data */
/* minisign reads a comment line into 1024 bytes and a trusted one into 8192. */
#define UNTRUSTED_MAX 1000
#define TRUSTED_MAX   8000
/* Limits above these in a secret key file are refused rather than attempted. */
#define SCRYPT_OPS_CAP (1ULL << 36)
#define SCRYPT_MEM_CAP (1ULL << 33)

static const char untrusted_prefix[] = "untrusted comment: ";
static const char trusted_prefix[] = "trusted comment: ";

struct govrec_seckey {
	unsigned char id[8];
	unsigned char sk[64]; /* libsodium's layout: seed, then the public key */
};

static enum govrec_status sodium_ready(struct govrec_error *err)
{
	if (sodium_init() < 0)
		return govrec_error_set(err, GOVREC_ERROR, "cannot initialise libsodium");
	return GOVREC_OK;
}

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

/* Base64 (the original alphabet, padded) of len bytes, appended to b. */
static void add_base64(struct govrec_buf *b, const unsigned char *bin, size_t len)
{
	size_t n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);

	govrec_buf_grow(b, n);
	sodium_bin2base64(b->data + b->len, n, bin, len, sodium_base64_VARIANT_ORIGINAL);
	govrec_buf_setlen(b, b->len + n - 1);
}

/* Decodes exactly len bytes of base64 text s (n bytes); 0 on success. */
static int from_base64(unsigned char *bin, size_t len, const char *s, size_t n)
{
	size_t got = 0;

	if (sodium_base642bin(bin, len, s, n, NULL, &got, NULL, sodium_base64_VARIANT_ORIGINAL) !=
		0 ||
	    got != len)
		return -1;
	return 0;
}

/*
 * The lines of a small text file: splits text (NUL-terminated, len bytes) at
 * LF, dropping a CR before it; fills at most max lines and returns how many
 * there were in all (a final line without LF counts; nothing after the last
 * LF does not).
 */
struct line {
	const char *s;
	size_t n;
};

static size_t split_lines(const char *text, size_t len, struct line *lines, size_t max)
{
	size_t count = 0, start = 0, i;

	for (i = 0; i <= len; i++) {
		if (i < len && text[i] != '\n')
			continue;
		if (i == len && start == len)
			break;
		if (count < max) {
			size_t n = i - start;

			if (n > 0 && text[start + n - 1] == '\r')
				n--;
			lines[count].s = text + start;
			lines[count].n = n;
		}
		count++;
		start = i + 1;
	}
	return count;
}

static int has_prefix(const struct line *l, const char *prefix)
{
	size_t n = strlen(prefix);

	return l->n >= n && memcmp(l->s, prefix, n) == 0;
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

	if ((rc = sodium_ready(err)) != GOVREC_OK)
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

	if (from_base64(bin, sizeof(bin), s, n) != 0)
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
	struct line lines[2];
	struct stat st;
	size_t count;
	int rc;

	if ((rc = sodium_ready(err)) != GOVREC_OK)
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
		count = split_lines(b.data, b.len, lines, 2);
		if (count < 2 || !has_prefix(&lines[0], untrusted_prefix))
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
	struct line lines[2];
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
	if (split_lines(b.data, b.len, lines, 2) < 2 || !has_prefix(&lines[0], untrusted_prefix) ||
	    from_base64(raw, SK_BYTES, lines[1].s, lines[1].n) != 0) {
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
	if ((rc = sodium_ready(err)) != GOVREC_OK)
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

/* A comment fit for a signature line: UTF-8, TAB the only control character. */
static enum govrec_status comment_check(const char *s, size_t max, const char *what,
					struct govrec_error *err)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	if (n > max)
		return govrec_error_set(err, GOVREC_INVALID, "the %s is longer than %zu bytes",
					what, max);
	for (; *p; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			return govrec_error_set(err, GOVREC_INVALID,
						"the %s holds a control character", what);
	if (govrec_utf8_check(s, n, NULL) != GOVREC_OK ||
	    (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0))
		return govrec_error_set(err, GOVREC_INVALID, "the %s is not UTF-8", what);
	return GOVREC_OK;
}

enum govrec_status govrec_sign_prehashed(const struct govrec_seckey *sk,
					 const unsigned char hash[GOVREC_PREHASH_BYTES],
					 const char *untrusted_comment, const char *trusted_comment,
					 struct govrec_buf *sig, struct govrec_error *err)
{
	struct govrec_seckey *k = (struct govrec_seckey *)sk;
	unsigned char sigbin[SIG_BYTES], global[64];
	unsigned char *both;
	size_t tlen;
	int rc;

	if ((rc = sodium_ready(err)) != GOVREC_OK)
		return rc;
	if (!untrusted_comment)
		untrusted_comment = "signature from govrec secret key";
	if (!trusted_comment)
		trusted_comment = "";
	if ((rc = comment_check(untrusted_comment, UNTRUSTED_MAX, "untrusted comment", err)) !=
		GOVREC_OK ||
	    (rc = comment_check(trusted_comment, TRUSTED_MAX, "trusted comment", err)) != GOVREC_OK)
		return rc;
	tlen = strlen(trusted_comment);
	both = malloc(64 + tlen);
	if (!both)
		return govrec_error_oom(err);

	sodium_mprotect_readonly(k);
	memcpy(sigbin, "ED", 2);
	memcpy(sigbin + 2, k->id, 8);
	crypto_sign_detached(sigbin + 10, NULL, hash, GOVREC_PREHASH_BYTES, k->sk);
	memcpy(both, sigbin + 10, 64);
	memcpy(both + 64, trusted_comment, tlen);
	crypto_sign_detached(global, NULL, both, 64 + tlen, k->sk);
	sodium_mprotect_noaccess(k);
	free(both);

	govrec_buf_addf(sig, "%s%s\n", untrusted_prefix, untrusted_comment);
	add_base64(sig, sigbin, sizeof(sigbin));
	govrec_buf_addf(sig, "\n%s%s\n", trusted_prefix, trusted_comment);
	add_base64(sig, global, sizeof(global));
	govrec_buf_addch(sig, '\n');
	return GOVREC_OK;
}

enum govrec_status govrec_sign(const struct govrec_seckey *sk, const void *data, size_t len,
			       const char *untrusted_comment, const char *trusted_comment,
			       struct govrec_buf *sig, struct govrec_error *err)
{
	unsigned char hash[GOVREC_PREHASH_BYTES];
	int rc;

	if ((rc = sodium_ready(err)) != GOVREC_OK)
		return rc;
	crypto_generichash(hash, sizeof(hash), data, len, NULL, 0);
	return govrec_sign_prehashed(sk, hash, untrusted_comment, trusted_comment, sig, err);
}

/* BLAKE2b-512 of the file at path, read in pieces. */
static enum govrec_status hash_file(const char *path, unsigned char hash[GOVREC_PREHASH_BYTES],
				    struct govrec_error *err)
{
	crypto_generichash_state hs;
	unsigned char chunk[65536];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return govrec_error_set(err, errno == ENOENT ? GOVREC_INVALID : GOVREC_ERROR,
					"cannot open '%s': %s", path, strerror(errno));
	crypto_generichash_init(&hs, NULL, 0, GOVREC_PREHASH_BYTES);
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		crypto_generichash_update(&hs, chunk, (size_t)n);
	}
	if (n < 0) {
		int e = errno;

		close(fd);
		return govrec_error_set(err, GOVREC_ERROR, "cannot read '%s': %s", path,
					strerror(e));
	}
	close(fd);
	crypto_generichash_final(&hs, hash, GOVREC_PREHASH_BYTES);
	return GOVREC_OK;
}

enum govrec_status govrec_sign_file(const struct govrec_seckey *sk, const char *path,
				    const char *untrusted_comment, const char *trusted_comment,
				    struct govrec_buf *sig, struct govrec_error *err)
{
	unsigned char hash[GOVREC_PREHASH_BYTES];
	int rc;

	if ((rc = sodium_ready(err)) != GOVREC_OK)
		return rc;
	if ((rc = hash_file(path, hash, err)) != GOVREC_OK)
		return rc;
	return govrec_sign_prehashed(sk, hash, untrusted_comment, trusted_comment, sig, err);
}

/* A signature file taken apart. */
struct parsed_sig {
	unsigned char bin[SIG_BYTES]; /* algorithm, key id, signature */
	unsigned char global[64];
	const char *trusted; /* into the caller's text, not terminated */
	size_t trusted_len;
	int prehashed;
};

static enum govrec_status sig_parse(const char *text, size_t len, struct parsed_sig *p,
				    struct govrec_error *err)
{
	struct line l[4];
	size_t count = split_lines(text, len, l, 4);

	if (memchr(text, '\0', len))
		return govrec_error_set(err, GOVREC_INVALID, "the signature file holds a NUL byte");
	if (count < 4 || !has_prefix(&l[0], untrusted_prefix) || !has_prefix(&l[2], trusted_prefix))
		return govrec_error_set(err, GOVREC_INVALID,
					"the signature file does not have minisign's four lines "
					"(untrusted comment, signature, trusted comment, global "
					"signature)");
	if (count > 4)
		return govrec_error_set(err, GOVREC_INVALID,
					"the signature file has more than four lines");
	if (from_base64(p->bin, SIG_BYTES, l[1].s, l[1].n) != 0)
		return govrec_error_set(err, GOVREC_INVALID,
					"the signature line is not a base64 minisign signature");
	if (from_base64(p->global, 64, l[3].s, l[3].n) != 0)
		return govrec_error_set(err, GOVREC_INVALID,
					"the global signature line is not a base64 signature");
	if (memcmp(p->bin, "ED", 2) == 0)
		p->prehashed = 1;
	else if (memcmp(p->bin, "Ed", 2) == 0)
		p->prehashed = 0;
	else
		return govrec_error_set(err, GOVREC_INVALID,
					"the signature algorithm is neither ED nor Ed");
	p->trusted = l[2].s + strlen(trusted_prefix);
	p->trusted_len = l[2].n - strlen(trusted_prefix);
	return GOVREC_OK;
}

enum govrec_status govrec_signature_key_id(const char *sig, size_t siglen, unsigned char id[8],
					   struct govrec_error *err)
{
	struct parsed_sig p;
	int rc;

	if ((rc = sodium_ready(err)) != GOVREC_OK)
		return rc;
	if ((rc = sig_parse(sig, siglen, &p, err)) != GOVREC_OK)
		return rc;
	memcpy(id, p.bin + 2, 8);
	return GOVREC_OK;
}

/*
 * Checks a parsed signature: msg is the prehash or (legacy) the data.  The
 * key id, then the signature, then the global signature over the trusted
 * comment, each failure with its own reason.
 */
static enum govrec_status sig_check(const struct govrec_pubkey *pub, const struct parsed_sig *p,
				    const unsigned char *msg, size_t msglen, char **trusted,
				    struct govrec_error *err)
{
	unsigned char *both;
	char want[17], got[17];
	int bad;

	if (memcmp(p->bin + 2, pub->id, 8) != 0) {
		govrec_key_id_hex(p->bin + 2, got);
		govrec_key_id_hex(pub->id, want);
		return govrec_error_set(err, GOVREC_REFUSED,
					"the signature was made with key %s, not with key %s", got,
					want);
	}
	if (crypto_sign_verify_detached(p->bin + 10, msg, msglen, pub->pk) != 0)
		return govrec_error_set(err, GOVREC_REFUSED,
					"the signature does not match the data");
	both = malloc(64 + p->trusted_len);
	if (!both)
		return govrec_error_oom(err);
	memcpy(both, p->bin + 10, 64);
	memcpy(both + 64, p->trusted, p->trusted_len);
	bad = crypto_sign_verify_detached(p->global, both, 64 + p->trusted_len, pub->pk) != 0;
	free(both);
	if (bad)
		return govrec_error_set(err, GOVREC_REFUSED,
					"the trusted comment's signature does not match (the "
					"comment was changed)");
	if (trusted) {
		*trusted = malloc(p->trusted_len + 1);
		if (!*trusted)
			return govrec_error_oom(err);
		memcpy(*trusted, p->trusted, p->trusted_len);
		(*trusted)[p->trusted_len] = '\0';
	}
	return GOVREC_OK;
}

enum govrec_status govrec_verify_signature(const struct govrec_pubkey *pub, const void *data,
					   size_t len, const char *sig, size_t siglen,
					   char **trusted, struct govrec_error *err)
{
	unsigned char hash[GOVREC_PREHASH_BYTES];
	struct parsed_sig p;
	int rc;

	if (trusted)
		*trusted = NULL;
	if ((rc = sodium_ready(err)) != GOVREC_OK)
		return rc;
	if ((rc = sig_parse(sig, siglen, &p, err)) != GOVREC_OK)
		return rc;
	if (!p.prehashed)
		return sig_check(pub, &p, data, len, trusted, err);
	crypto_generichash(hash, sizeof(hash), data, len, NULL, 0);
	return sig_check(pub, &p, hash, sizeof(hash), trusted, err);
}

enum govrec_status govrec_verify_file(const struct govrec_pubkey *pub, const char *path,
				      const char *sig, size_t siglen, char **trusted,
				      struct govrec_error *err)
{
	unsigned char hash[GOVREC_PREHASH_BYTES];
	struct parsed_sig p;
	int rc;

	if (trusted)
		*trusted = NULL;
	if ((rc = sodium_ready(err)) != GOVREC_OK)
		return rc;
	if ((rc = sig_parse(sig, siglen, &p, err)) != GOVREC_OK)
		return rc;
	if (!p.prehashed) {
		/* Legacy signatures are over the raw bytes: minisign's 1 GB limit. */
		struct govrec_buf b = GOVREC_BUF_INIT;

		rc = govrec_buf_read_file(&b, path, LEGACY_MAX, err);
		if (rc == GOVREC_OK)
			rc = sig_check(pub, &p, (const unsigned char *)b.data, b.len, trusted, err);
		govrec_buf_release(&b);
		return rc;
	}
	if ((rc = hash_file(path, hash, err)) != GOVREC_OK)
		return rc;
	return sig_check(pub, &p, hash, sizeof(hash), trusted, err);
}
