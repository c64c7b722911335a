/*
 * check_sign.c - minisign-compatible keys and signatures: round trips,
 * every way a signature can fail, malformed files, password-protected keys
 * (with small scrypt limits), key file permissions and never overwriting.
 * Interoperability with the real minisign binary is in tests/cli/test-key.sh.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include "govrec/sign.h"
#include "testutil.h"
#include "testmain.h"

/* Small scrypt limits: the format is the same, the cost is not. */
#define OPS 16384ULL
#define MEM 8388608ULL

static char dir[256];
static char pub_path[300], sec_path[300];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "%s/govrec-sign-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(pub_path, sizeof(pub_path), "%s/k.pub", dir);
	snprintf(sec_path, sizeof(sec_path), "%s/k.key", dir);
}

static void teardown(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static const char *path_in(const char *name)
{
	static char p[2][400];
	static int k;

	k = !k;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, name);
	return p[k];
}

static void write_file(const char *path, const char *text, size_t len, mode_t mode)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	fclose(f);
	ck_assert_int_eq(chmod(path, mode), 0);
}

static struct govrec_seckey *new_key(struct govrec_pubkey *pub)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_seckey *sk = NULL;

	ck_assert_msg(govrec_key_generate(pub_path, sec_path, NULL, pub, &err) == GOVREC_OK, "%s",
		      err.msg);
	ck_assert_msg(govrec_seckey_read(sec_path, NULL, &sk, &err) == GOVREC_OK, "%s", err.msg);
	return sk;
}

START_TEST(test_round_trip)
{
	static const char data[] = "bagit manifest\n";
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf sig = GOVREC_BUF_INIT;
	struct govrec_pubkey pub, read_back, from_sk;
	struct govrec_seckey *sk = new_key(&pub);
	char *trusted = NULL;
	char id[17];
	struct stat st;

	ck_assert_int_eq(
	    govrec_sign(sk, data, strlen(data), NULL, "timestamp:0\tfile:m", &sig, &err),
	    GOVREC_OK);
	ck_assert_ptr_nonnull(strstr(sig.data, "untrusted comment: "));
	ck_assert_ptr_nonnull(strstr(sig.data, "\ntrusted comment: timestamp:0\tfile:m\n"));
	ck_assert_int_eq(govrec_pubkey_read(pub_path, 0, &read_back, &err), GOVREC_OK);
	ck_assert_mem_eq(read_back.id, pub.id, 8);
	ck_assert_mem_eq(read_back.pk, pub.pk, 32);
	govrec_seckey_pubkey(sk, &from_sk);
	ck_assert_mem_eq(from_sk.pk, pub.pk, 32);
	ck_assert_int_eq(govrec_verify_signature(&read_back, data, strlen(data), sig.data, sig.len,
						 &trusted, &err),
			 GOVREC_OK);
	ck_assert_str_eq(trusted, "timestamp:0\tfile:m");
	free(trusted);

	/* The signature line says "ED": prehashed, as minisign 0.11 signs. */
	{
		const char *line = strchr(sig.data, '\n') + 1;
		unsigned char bin[74];
		size_t got;

		ck_assert_int_eq(sodium_base642bin(bin, sizeof(bin), line, 100, NULL, &got, NULL,
						   sodium_base64_VARIANT_ORIGINAL),
				 0);
		ck_assert_mem_eq(bin, "ED", 2);
		ck_assert_mem_eq(bin + 2, pub.id, 8);
	}
	/* Mode of the key files. */
	ck_assert_int_eq(stat(sec_path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	/* The public key file names its id as minisign does. */
	govrec_key_id_hex(pub.id, id);
	{
		struct govrec_buf b = GOVREC_BUF_INIT;
		char want[100];

		ck_assert_int_eq(govrec_buf_read_file(&b, pub_path, 0, &err), GOVREC_OK);
		snprintf(want, sizeof(want), "untrusted comment: minisign public key %s\n", id);
		ck_assert_int_eq(strncmp(b.data, want, strlen(want)), 0);
		ck_assert_uint_eq(b.len, strlen(want) + 57);
		govrec_buf_release(&b);
	}
	govrec_seckey_free(sk);
	govrec_buf_release(&sig);
}
END_TEST

START_TEST(test_key_id_hex)
{
	static const unsigned char id[8] = { 0x5c, 0x19, 0x01, 0x12, 0x77, 0xc4, 0xec, 0xc5 };
	char hex[17];

	govrec_key_id_hex(id, hex);
	ck_assert_str_eq(hex, "C5ECC4771201195C");
}
END_TEST

/* minisign prints "%" PRIX64: no leading zeros. */
START_TEST(test_key_id_hex_leading_zeros)
{
	static const unsigned char id[8] = { 0xa1, 0xc0, 0x79, 0x00, 0xcd, 0x1a, 0x22, 0x09 };
	static const unsigned char zero[8] = { 0 };
	char hex[17];

	govrec_key_id_hex(id, hex);
	ck_assert_str_eq(hex, "9221ACD0079C0A1");
	govrec_key_id_hex(zero, hex);
	ck_assert_str_eq(hex, "0");
}
END_TEST

START_TEST(test_file_and_prehashed)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf sig = GOVREC_BUF_INIT, big = GOVREC_BUF_INIT;
	struct govrec_pubkey pub;
	struct govrec_seckey *sk = new_key(&pub);
	const char *file = path_in("big.bin");
	size_t i;

	/* Bigger than one read, so the streaming hash is exercised. */
	for (i = 0; i < 200000; i++)
		govrec_buf_addch(&big, (int)(i * 7 % 251));
	write_file(file, big.data, big.len, 0644);
	ck_assert_int_eq(govrec_sign_file(sk, file, "u", "t", &sig, &err), GOVREC_OK);
	ck_assert_int_eq(
	    govrec_verify_signature(&pub, big.data, big.len, sig.data, sig.len, NULL, &err),
	    GOVREC_OK);
	ck_assert_int_eq(govrec_verify_file(&pub, file, sig.data, sig.len, NULL, &err), GOVREC_OK);
	big.data[100000] ^= 1;
	write_file(file, big.data, big.len, 0644);
	ck_assert_int_eq(govrec_verify_file(&pub, file, sig.data, sig.len, NULL, &err),
			 GOVREC_REFUSED);
	ck_assert_str_eq(err.msg, "the signature does not match the data");
	govrec_seckey_free(sk);
	govrec_buf_release(&sig);
	govrec_buf_release(&big);
}
END_TEST

START_TEST(test_tampering)
{
	static const char data[] = "the data";
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf sig = GOVREC_BUF_INIT, bad = GOVREC_BUF_INIT;
	struct govrec_pubkey pub, other;
	struct govrec_seckey *sk = new_key(&pub);
	char *tc;

	ck_assert_int_eq(govrec_sign(sk, data, strlen(data), "u", "trusted words", &sig, &err),
			 GOVREC_OK);
	/* Tampered data. */
	ck_assert_int_eq(
	    govrec_verify_signature(&pub, "the dat4", 8, sig.data, sig.len, NULL, &err),
	    GOVREC_REFUSED);
	ck_assert_str_eq(err.msg, "the signature does not match the data");
	govrec_error_clear(&err);

	/* Tampered trusted comment. */
	govrec_buf_add(&bad, sig.data, sig.len);
	tc = strstr(bad.data, "trusted words");
	tc[0] = 'T';
	ck_assert_int_eq(
	    govrec_verify_signature(&pub, data, strlen(data), bad.data, bad.len, NULL, &err),
	    GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "trusted comment"));
	govrec_error_clear(&err);

	/* The untrusted comment is not signed: changing it changes nothing. */
	govrec_buf_reset(&bad);
	govrec_buf_adds(&bad, "untrusted comment: anything at all\n");
	govrec_buf_adds(&bad, strchr(sig.data, '\n') + 1);
	ck_assert_int_eq(
	    govrec_verify_signature(&pub, data, strlen(data), bad.data, bad.len, NULL, &err),
	    GOVREC_OK);

	/* A wrong key: another key pair. */
	ck_assert_int_eq(unlink(pub_path), 0);
	ck_assert_int_eq(unlink(sec_path), 0);
	govrec_seckey_free(sk);
	sk = new_key(&other);
	ck_assert_int_eq(
	    govrec_verify_signature(&other, data, strlen(data), sig.data, sig.len, NULL, &err),
	    GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "was made with key"));
	govrec_error_clear(&err);
	/* A key with the right id but the wrong bytes. */
	memcpy(other.id, pub.id, 8);
	ck_assert_int_eq(
	    govrec_verify_signature(&other, data, strlen(data), sig.data, sig.len, NULL, &err),
	    GOVREC_REFUSED);
	ck_assert_str_eq(err.msg, "the signature does not match the data");
	govrec_error_clear(&err);

	/* A flipped bit inside the signature itself. */
	govrec_buf_reset(&bad);
	govrec_buf_add(&bad, sig.data, sig.len);
	{
		char *line = strchr(bad.data, '\n') + 1;

		line[40] = line[40] == 'A' ? 'B' : 'A';
	}
	ck_assert_int_eq(
	    govrec_verify_signature(&pub, data, strlen(data), bad.data, bad.len, NULL, &err),
	    GOVREC_REFUSED);
	govrec_seckey_free(sk);
	govrec_buf_release(&sig);
	govrec_buf_release(&bad);
}
END_TEST

START_TEST(test_legacy_signature)
{
	/* A legacy ("Ed", not prehashed) signature made by `minisign -S -l`. */
	static const char pubb64[] = "RWRcGQESd8Tsxdb0ruNxyan82fSmS6PLjd7jeEpjrWxyAn8U/42Q5pZw";
	static const char sig[] =
	    "untrusted comment: signature from minisign secret key\n"
	    "RWRcGQESd8TsxfjCU1/c21JQAve6LwEXvldkN6tIm8pQbztU6occ9orUOFoLjjz0E1MAI3vwourtrCiSp"
	    "T36EN52oS89zEOfgAE=\n"
	    "trusted comment: timestamp:1795849724\tfile:f\n"
	    "eb/nx2A4uQo6F1O6hBpfWDV6K3zOBYid8Ypu81rQiC8qHh7uEepsgOarNpEpF/R6hrATYtdfAQaw0Zkab"
	    "dC5Aw==\n";
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_pubkey pub;
	unsigned char id[8];
	char hex[17];
	char *tc = NULL;

	ck_assert_int_eq(govrec_pubkey_read(pubb64, 1, &pub, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_verify_signature(&pub, "hello\n", 6, sig, strlen(sig), &tc, &err),
			 GOVREC_OK);
	ck_assert_str_eq(tc, "timestamp:1795849724\tfile:f");
	free(tc);
	ck_assert_int_eq(govrec_verify_signature(&pub, "hello!", 6, sig, strlen(sig), NULL, &err),
			 GOVREC_REFUSED);
	ck_assert_int_eq(govrec_signature_key_id(sig, strlen(sig), id, &err), GOVREC_OK);
	govrec_key_id_hex(id, hex);
	ck_assert_str_eq(hex, "C5ECC4771201195C");
}
END_TEST

START_TEST(test_malformed)
{
	static const char *bad_sigs[] = {
		"",
		"untrusted comment: x\n",
		"untrusted comment: x\nRUQ=\ntrusted comment: t\nAAAA\n",
		"comment: x\nRUQ=\ntrusted comment: t\nAAAA\n",
		"untrusted comment: x\n!!!!\ntrusted comment: t\nAAAA\n",
	};
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf sig = GOVREC_BUF_INIT;
	struct govrec_pubkey pub;
	struct govrec_seckey *sk = new_key(&pub);
	size_t i;

	for (i = 0; i < sizeof(bad_sigs) / sizeof(bad_sigs[0]); i++) {
		govrec_error_clear(&err);
		ck_assert_msg(govrec_verify_signature(&pub, "d", 1, bad_sigs[i],
						      strlen(bad_sigs[i]), NULL,
						      &err) == GOVREC_INVALID,
			      "signature %zu", i);
	}
	/* A fifth line is refused. */
	ck_assert_int_eq(govrec_sign(sk, "d", 1, NULL, "t", &sig, &err), GOVREC_OK);
	govrec_buf_adds(&sig, "extra\n");
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_verify_signature(&pub, "d", 1, sig.data, sig.len, NULL, &err),
			 GOVREC_INVALID);
	/* A CRLF copy still verifies (the comment loses its CR). */
	govrec_buf_reset(&sig);
	ck_assert_int_eq(govrec_sign(sk, "d", 1, NULL, "t", &sig, &err), GOVREC_OK);
	{
		struct govrec_buf crlf = GOVREC_BUF_INIT;
		size_t k;

		for (k = 0; k < sig.len; k++) {
			if (sig.data[k] == '\n')
				govrec_buf_addch(&crlf, '\r');
			govrec_buf_addch(&crlf, sig.data[k]);
		}
		ck_assert_int_eq(
		    govrec_verify_signature(&pub, "d", 1, crlf.data, crlf.len, NULL, &err),
		    GOVREC_OK);
		govrec_buf_release(&crlf);
	}
	/* Comments with control characters are not written. */
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_sign(sk, "d", 1, NULL, "two\nlines", &sig, &err), GOVREC_INVALID);
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_sign(sk, "d", 1, "u\r", "t", &sig, &err), GOVREC_INVALID);
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_sign(sk, "d", 1, NULL, "bad \xff utf8", &sig, &err),
			 GOVREC_INVALID);

	/* Malformed key files. */
	write_file(path_in("bad.pub"), "untrusted comment: x\nnot base64\n", 32, 0644);
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_pubkey_read(path_in("bad.pub"), 0, &pub, &err), GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "bad.pub"));
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_pubkey_read("RWQAAA==", 1, &pub, &err), GOVREC_INVALID);
	write_file(path_in("bad.key"), "untrusted comment: x\nRWQAAA==\n", 30, 0600);
	{
		struct govrec_seckey *k2 = NULL;

		govrec_error_clear(&err);
		ck_assert_int_eq(govrec_seckey_read(path_in("bad.key"), NULL, &k2, &err),
				 GOVREC_INVALID);
		ck_assert_ptr_null(k2);
		govrec_error_clear(&err);
		ck_assert_int_eq(govrec_seckey_read(path_in("missing.key"), NULL, &k2, &err),
				 GOVREC_INVALID);
	}
	govrec_seckey_free(sk);
	govrec_buf_release(&sig);
}
END_TEST

START_TEST(test_damaged_secret_key)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf b = GOVREC_BUF_INIT;
	struct govrec_pubkey pub;
	struct govrec_seckey *sk = new_key(&pub);
	char *line;

	govrec_seckey_free(sk);
	sk = NULL;
	ck_assert_int_eq(govrec_buf_read_file(&b, sec_path, 0, &err), GOVREC_OK);
	/* Change a character in the public half of sk (base64 chars 112..): damaged. */
	line = strchr(b.data, '\n') + 1;
	line[150] = line[150] == 'A' ? 'B' : 'A';
	write_file(path_in("damaged.key"), b.data, b.len, 0600);
	ck_assert_int_eq(govrec_seckey_read(path_in("damaged.key"), NULL, &sk, &err),
			 GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "damaged"));
	govrec_buf_release(&b);
}
END_TEST

START_TEST(test_password_round_trip)
{
	static const char data[] = "protected";
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf sig = GOVREC_BUF_INIT, file = GOVREC_BUF_INIT;
	struct govrec_pubkey pub;
	struct govrec_seckey *sk = NULL;
	unsigned char raw[158];
	size_t got;
	const char *line;

	ck_assert_msg(govrec_key_generate_limits(pub_path, sec_path, "correct horse", OPS, MEM,
						 &pub, &err) == GOVREC_OK,
		      "%s", err.msg);
	ck_assert_int_eq(govrec_seckey_encrypted(sec_path), 1);
	/* The layout: "Ed" "Sc" "B2", a salt, the limits little-endian. */
	ck_assert_int_eq(govrec_buf_read_file(&file, sec_path, 0, &err), GOVREC_OK);
	line = strchr(file.data, '\n') + 1;
	ck_assert_int_eq(sodium_base642bin(raw, sizeof(raw), line, strlen(line), "\n", &got, NULL,
					   sodium_base64_VARIANT_ORIGINAL),
			 0);
	ck_assert_uint_eq(got, 158);
	ck_assert_mem_eq(raw, "EdScB2", 6);
	ck_assert_uint_eq(raw[38] | (raw[39] << 8), OPS & 0xffff);
	ck_assert_uint_eq(raw[46 + 2] | (raw[46 + 3] << 8), (MEM >> 16) & 0xffff);
	/* The key id is encrypted too: it differs from the public one (almost surely). */
	ck_assert_int_ne(memcmp(raw + 54, pub.id, 8), 0);

	ck_assert_int_eq(govrec_seckey_read(sec_path, NULL, &sk, &err), GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "protected by a password"));
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_seckey_read(sec_path, "wrong horse", &sk, &err), GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "wrong password"));
	ck_assert_ptr_null(sk);
	govrec_error_clear(&err);
	ck_assert_msg(govrec_seckey_read(sec_path, "correct horse", &sk, &err) == GOVREC_OK, "%s",
		      err.msg);
	ck_assert_int_eq(govrec_sign(sk, data, strlen(data), NULL, "t", &sig, &err), GOVREC_OK);
	ck_assert_int_eq(
	    govrec_verify_signature(&pub, data, strlen(data), sig.data, sig.len, NULL, &err),
	    GOVREC_OK);
	govrec_seckey_free(sk);
	govrec_buf_release(&sig);
	govrec_buf_release(&file);
}
END_TEST

START_TEST(test_unprotected_layout)
{
	/* Byte for byte what `minisign -G -W` writes: zero kdf, salt, limits, chk. */
	static const unsigned char zero[32];
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf file = GOVREC_BUF_INIT;
	struct govrec_pubkey pub;
	struct govrec_seckey *sk = new_key(&pub);
	unsigned char raw[158];
	size_t got;
	const char *line;

	ck_assert_int_eq(govrec_seckey_encrypted(sec_path), 0);
	ck_assert_int_eq(govrec_buf_read_file(&file, sec_path, 0, &err), GOVREC_OK);
	line = strchr(file.data, '\n') + 1;
	ck_assert_int_eq(sodium_base642bin(raw, sizeof(raw), line, strlen(line), "\n", &got, NULL,
					   sodium_base64_VARIANT_ORIGINAL),
			 0);
	ck_assert_uint_eq(got, 158);
	ck_assert_mem_eq(raw, "Ed\0\0B2", 6);
	ck_assert_mem_eq(raw + 6, zero, 32);
	ck_assert_mem_eq(raw + 38, zero, 16);
	ck_assert_mem_eq(raw + 54, pub.id, 8);
	ck_assert_mem_eq(raw + 54 + 8 + 32, pub.pk, 32);
	ck_assert_mem_eq(raw + 126, zero, 32);
	govrec_seckey_free(sk);
	govrec_buf_release(&file);
}
END_TEST

START_TEST(test_permissions_and_overwrite)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf before = GOVREC_BUF_INIT, after = GOVREC_BUF_INIT;
	struct govrec_pubkey pub, pub2;
	struct govrec_seckey *sk = new_key(&pub);

	govrec_seckey_free(sk);
	sk = NULL;
	/* Never overwritten: not the secret key, not the public key. */
	ck_assert_int_eq(govrec_buf_read_file(&before, sec_path, 0, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_key_generate(pub_path, sec_path, NULL, &pub2, &err),
			 GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "already exists"));
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_key_generate(path_in("new.pub"), sec_path, NULL, &pub2, &err),
			 GOVREC_REFUSED);
	ck_assert_int_eq(access(path_in("new.pub"), F_OK), -1);
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_buf_read_file(&after, sec_path, 0, &err), GOVREC_OK);
	ck_assert_str_eq(before.data, after.data);

	/* A secret key others can read is refused. */
	ck_assert_int_eq(chmod(sec_path, 0644), 0);
	ck_assert_int_eq(govrec_seckey_read(sec_path, NULL, &sk, &err), GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "is open to group or others (mode 0644)"));
	ck_assert_ptr_null(sk);
	govrec_error_clear(&err);
	ck_assert_int_eq(chmod(sec_path, 0640), 0);
	ck_assert_int_eq(govrec_seckey_read(sec_path, NULL, &sk, &err), GOVREC_REFUSED);
	govrec_error_clear(&err);

	/* A symbolic link to a key is not followed. */
	ck_assert_int_eq(chmod(sec_path, 0600), 0);
	ck_assert_int_eq(symlink(sec_path, path_in("link.key")), 0);
	ck_assert_int_eq(govrec_seckey_read(path_in("link.key"), NULL, &sk, &err), GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "symbolic link"));
	govrec_error_clear(&err);
	/* Nor is a dangling link at the place a new key would go. */
	ck_assert_int_eq(symlink(path_in("elsewhere"), path_in("dangling.key")), 0);
	ck_assert_int_eq(
	    govrec_key_generate(path_in("d.pub"), path_in("dangling.key"), NULL, &pub2, &err),
	    GOVREC_REFUSED);
	ck_assert_int_eq(access(path_in("elsewhere"), F_OK), -1);
	govrec_buf_release(&before);
	govrec_buf_release(&after);
}
END_TEST

/* Runs a shell command in the test directory; its exit status. */
static int sh(const char *what)
{
	char cmd[2000];
	int rc;

	snprintf(cmd, sizeof(cmd), "cd '%s' && %s", dir, what);
	rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

START_TEST(test_minisign_interop)
{
	static const char data[] = "a tag manifest, say\n";
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf sig = GOVREC_BUF_INIT, msig = GOVREC_BUF_INIT;
	struct govrec_pubkey pub, mpub;
	struct govrec_seckey *sk = new_key(&pub);
	struct govrec_seckey *msk = NULL;
	char *tc = NULL;

	ck_assert_msg(sh("command -v minisign >/dev/null") == 0,
		      "minisign is not installed (it is in the Makefile's DEB_PACKAGES)");
	write_file(path_in("f"), data, strlen(data), 0644);

	/* minisign verifies what govrec signs. */
	ck_assert_int_eq(govrec_sign_file(sk, path_in("f"), NULL, "govrec\tsigned", &sig, &err),
			 GOVREC_OK);
	write_file(path_in("f.minisig"), sig.data, sig.len, 0644);
	ck_assert_int_eq(sh("minisign -Vm f -p k.pub >/dev/null"), 0);
	ck_assert_int_eq(sh("minisign -Qm f -P \"$(tail -n1 k.pub)\" -V | grep -qx "
			    "'govrec	signed'"),
			 0);
	write_file(path_in("f"), "tampered", 8, 0644);
	ck_assert_int_eq(sh("minisign -Vm f -p k.pub >/dev/null 2>&1"), 1);
	write_file(path_in("f"), data, strlen(data), 0644);

	/* govrec verifies what minisign signs with a govrec key (minisign -S reads it). */
	ck_assert_int_eq(sh("minisign -S -s k.key -m f -x g.minisig -t 'from minisign' "
			    ">/dev/null"),
			 0);
	govrec_buf_reset(&msig);
	ck_assert_int_eq(govrec_buf_read_file(&msig, path_in("g.minisig"), 0, &err), GOVREC_OK);
	ck_assert_int_eq(
	    govrec_verify_signature(&pub, data, strlen(data), msig.data, msig.len, &tc, &err),
	    GOVREC_OK);
	ck_assert_str_eq(tc, "from minisign");
	free(tc);

	/* govrec reads minisign's own unprotected key and public key. */
	ck_assert_int_eq(sh("minisign -G -W -p m.pub -s m.key >/dev/null"), 0);
	ck_assert_int_eq(govrec_pubkey_read(path_in("m.pub"), 0, &mpub, &err), GOVREC_OK);
	ck_assert_msg(govrec_seckey_read(path_in("m.key"), NULL, &msk, &err) == GOVREC_OK, "%s",
		      err.msg);
	govrec_buf_reset(&sig);
	ck_assert_int_eq(govrec_sign(msk, data, strlen(data), NULL, "t", &sig, &err), GOVREC_OK);
	write_file(path_in("f.minisig"), sig.data, sig.len, 0644);
	ck_assert_int_eq(sh("minisign -Vm f -p m.pub >/dev/null"), 0);
	ck_assert_int_eq(sh("minisign -Vm f -p k.pub >/dev/null 2>&1"), 1);

	/* A password-protected govrec key (small limits) that minisign -S opens. */
	ck_assert_int_eq(govrec_key_generate_limits(path_in("p.pub"), path_in("p.key"), "pw 42",
						    OPS, MEM, NULL, &err),
			 GOVREC_OK);
	ck_assert_int_eq(sh("printf 'pw 42\\n' | minisign -S -s p.key -m f -x p.minisig "
			    ">/dev/null 2>&1"),
			 0);
	ck_assert_int_eq(sh("minisign -Vm f -x p.minisig -p p.pub >/dev/null"), 0);
	ck_assert_int_ne(sh("printf 'wrong\\n' | minisign -S -s p.key -m f -x q.minisig "
			    ">/dev/null 2>&1"),
			 0);
	govrec_seckey_free(sk);
	govrec_seckey_free(msk);
	govrec_buf_release(&sig);
	govrec_buf_release(&msig);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("sign");
	TCase *tc = tcase_create("sign");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_key_id_hex);
	tcase_add_test(tc, test_key_id_hex_leading_zeros);
	tcase_add_test(tc, test_file_and_prehashed);
	tcase_add_test(tc, test_tampering);
	tcase_add_test(tc, test_legacy_signature);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_damaged_secret_key);
	tcase_add_test(tc, test_password_round_trip);
	tcase_add_test(tc, test_unprotected_layout);
	tcase_add_test(tc, test_permissions_and_overwrite);
	tcase_add_test(tc, test_minisign_interop);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_main(suite());
}
