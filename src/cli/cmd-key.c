/*
 * cmd-key.c - `govrec key generate|show`: minisign-compatible signing keys.
 *
 * The key files are minisign's own (src/services/sign.c), so `minisign -S -s KEY`
 * signs with a govrec key and `minisign -V -p PUB` checks what govrec signs.
 * Defaults follow minisign's, with govrec's names: the public key in
 * ./govrec.pub, the secret key in ~/.govrec/govrec.key (the directory made
 * 0700 when missing).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "commands.h"
#include "govrec/sign.h"

#define DEFAULT_PUB "govrec.pub"

/* ~/.govrec/govrec.key, making ~/.govrec (0700) when missing. */
static int default_seckey(struct cli *c, struct govrec_buf *path)
{
	const char *home = getenv("HOME");

	if (!home || !*home) {
		govrec_error_set(&c->err, GOVREC_INVALID,
				 "HOME is not set: give the secret key's file with -s");
		return -1;
	}
	govrec_buf_addf(path, "%s/.govrec", home);
	if (mkdir(path->data, 0700) != 0 && errno != EEXIST) {
		govrec_error_set(&c->err, GOVREC_ERROR, "cannot create directory '%s': %s",
				 path->data, strerror(errno));
		return -1;
	}
	govrec_buf_adds(path, "/govrec.key");
	return 0;
}

static void print_key(struct cli *c, const struct govrec_pubkey *pub, const char *pub_path,
		      const char *sec_path, int encrypted)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	struct govrec_json j;
	char id[17], b64[57];

	govrec_key_id_hex(pub->id, id);
	govrec_pubkey_base64(pub, b64);
	if (c->json) {
		govrec_json_init(&j, &b);
		govrec_json_object(&j);
		govrec_json_kstr(&j, "key_id", id);
		govrec_json_kstr(&j, "public_key", b64);
		govrec_json_kstr(&j, "public_key_file", pub_path);
		if (sec_path) {
			govrec_json_kstr(&j, "secret_key_file", sec_path);
			govrec_json_kbool(&j, "encrypted", encrypted);
		}
		govrec_json_end(&j);
		cli_print_json(&b);
		govrec_buf_release(&b);
		return;
	}
	cli_printf("key id: %s\npublic key: %s\n", id, b64);
	if (sec_path) {
		cli_printf("public key file: ");
		cli_print_safe(pub_path);
		cli_printf("\nsecret key file: ");
		cli_print_safe(sec_path);
		cli_printf(" (%s)\n", encrypted ? "protected by a password" : "no password");
		cli_printf("anyone can check a signature with: minisign -Vm FILE -P %s\n", b64);
	}
}

int cmd_key_generate(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { { "without-password", no_argument, NULL, 'W' },
					      { "public", required_argument, NULL, 'p' },
					      { "secret", required_argument, NULL, 's' },
					      { "password-fd", required_argument, NULL, 'f' + 256 },
					      { NULL, 0, NULL, 0 } };
	struct govrec_buf sec = GOVREC_BUF_INIT;
	struct govrec_pubkey pub;
	const char *pub_path = DEFAULT_PUB, *sec_path = NULL;
	char *password = NULL;
	int64_t fd = -1;
	int o, rc, nopass = 0;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 'W': nopass = 1; break;
		case 'p': pub_path = cli_optarg; break;
		case 's': sec_path = cli_optarg; break;
		case 'f' + 256:
			if (cli_int(c, "--password-fd", cli_optarg, 0, 1 << 20, &fd))
				return GOVREC_INVALID;
			break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (cli_optind < argc)
		return cli_usage(c, "unexpected argument '%s'", argv[cli_optind]);
	if (nopass && fd >= 0)
		return cli_usage(c, "-W and --password-fd do not go together");
	if (!sec_path) {
		if (default_seckey(c, &sec) != 0) {
			govrec_buf_release(&sec);
			return c->err.status;
		}
		sec_path = sec.data;
	}
	if (cli_out_dir(c, "-p", pub_path) != GOVREC_OK ||
	    cli_out_dir(c, "-s", sec_path) != GOVREC_OK) {
		govrec_buf_release(&sec);
		return c->err.status;
	}
	if (!nopass) {
		/* Refuse an existing file before asking for a password. */
		struct stat st;

		if (lstat(pub_path, &st) == 0 || lstat(sec_path, &st) == 0) {
			rc =
			    govrec_error_set(&c->err, GOVREC_REFUSED,
					     "'%s' already exists; a key file is never overwritten",
					     lstat(pub_path, &st) == 0 ? pub_path : sec_path);
			govrec_buf_release(&sec);
			return rc;
		}
		rc = cli_password(c, (int)fd, 1, &password);
		if (rc != GOVREC_OK) {
			govrec_buf_release(&sec);
			return rc;
		}
	}
	rc = govrec_key_generate(pub_path, sec_path, password, &pub, &c->err);
	cli_password_free(password);
	if (rc == GOVREC_OK)
		print_key(c, &pub, pub_path, sec_path, !nopass);
	govrec_buf_release(&sec);
	return rc;
}

int cmd_key_show(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { { "public", required_argument, NULL, 'p' },
					      { NULL, 0, NULL, 0 } };
	struct govrec_pubkey pub;
	const char *pub_path = DEFAULT_PUB;
	int o, rc;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 'p': pub_path = cli_optarg; break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (cli_optind < argc)
		return cli_usage(c, "unexpected argument '%s'", argv[cli_optind]);
	rc = govrec_pubkey_read(pub_path, 0, &pub, &c->err);
	if (rc == GOVREC_OK)
		print_key(c, &pub, pub_path, NULL, 0);
	return rc;
}
