/*
 * cmd-restore.c - `govrec restore`: a new archive from a verified bundle.
 *
 * govrec_restore() (src/services/restore.c) verifies the bundle first, exactly as
 * `govrec verify` does (every checksum, completeness, no unlisted files, and
 * the signature when a public key is given), and loads only a valid one.
 * A signature that was not checked is said loudly on stderr;
 * --require-signature makes it an error.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "plural.h"
#include "govrec/bagit.h"
#include "govrec/export.h"
#include "govrec/sign.h"

int cmd_restore(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "public", required_argument, NULL, 'p' },
		{ "public-key", required_argument, NULL, 'P' },
		{ "require-signature", no_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 }
	};
	struct govrec_restore_result r;
	struct govrec_pubkey pub;
	const struct govrec_pubkey *key;
	const char *db = c->db_path, *pub_file = NULL, *pub_b64 = NULL;
	unsigned flags = 0;
	int o, rc;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 'd': db = cli_optarg; break;
		case 'p': pub_file = cli_optarg; break;
		case 'P': pub_b64 = cli_optarg; break;
		case 'R': flags |= GOVREC_RESTORE_REQUIRE_SIGNATURE; break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (argc - cli_optind != 1)
		return cli_usage(c, "one bundle (a directory or an archive file) is needed");
	rc = cli_pubkey(c, pub_file, pub_b64, &pub, &key);
	if (rc == GOVREC_OK)
		rc = cli_out_dir(c, "--db", db);
	if (rc != GOVREC_OK)
		return rc;
	rc = govrec_restore(argv[cli_optind], db, c->actor, key, flags, &r, &c->err);
	if (rc != GOVREC_OK)
		return rc;
	/* Said on stderr whatever the output format: a script must not miss it. */
	if (r.signature == GOVREC_BAG_SIG_UNCHECKED)
		fprintf(stderr,
			"govrec: restore: warning: the bundle is signed by key %s, but the "
			"signature was NOT checked: no public key was given (-p PUB or -P BASE64); "
			"nothing shows who made this bundle\n",
			r.key_id);
	else if (r.signature == GOVREC_BAG_UNSIGNED)
		fprintf(stderr, "govrec: restore: warning: the bundle is not signed; nothing "
				"shows who made it\n");
	if (c->json) {
		struct govrec_buf b = GOVREC_BUF_INIT;
		struct govrec_json j;

		govrec_json_init(&j, &b);
		govrec_json_object(&j);
		govrec_json_kstr(&j, "id", r.id);
		govrec_json_kstr(&j, "db", db);
		govrec_json_kint(&j, "rows", (int64_t)r.rows);
		govrec_json_kint(&j, "people", (int64_t)r.people);
		govrec_json_kint(&j, "meetings", (int64_t)r.meetings);
		govrec_json_kint(&j, "documents", (int64_t)r.documents);
		govrec_json_kint(&j, "passages", (int64_t)r.passages);
		govrec_json_kint(&j, "proposals", (int64_t)r.proposals);
		govrec_json_kint(&j, "dropped", r.dropped);
		govrec_json_kstr(&j, "scope", r.full ? "full" : "partial");
		govrec_json_kint(&j, "audit_entries", r.audit_rows);
		if (r.head_seq) {
			govrec_json_kint(&j, "head_seq", r.head_seq);
			govrec_json_kstr(&j, "head_sha256", r.head_sha256);
		}
		if (r.key_id[0])
			govrec_json_kstr(&j, "key_id", r.key_id);
		govrec_json_kstr(&j, "signature",
				 govrec_bag_signature_name((enum govrec_bag_signature)r.signature));
		govrec_json_end(&j);
		cli_print_json(&b);
		govrec_buf_release(&b);
		return GOVREC_OK;
	}
	cli_printf("restored ");
	cli_print_safe(r.id);
	cli_printf(" into ");
	cli_print_safe(db);
	cli_printf(": %llu %s, %llu %s, %llu %s (%llu %s), %llu %s\n",
		   (unsigned long long)r.people, cli_plural(r.people, "person", "people"),
		   (unsigned long long)r.meetings, cli_plural(r.meetings, "meeting", "meetings"),
		   (unsigned long long)r.documents, cli_plural(r.documents, "document", "documents"),
		   (unsigned long long)r.passages, cli_plural(r.passages, "passage", "passages"),
		   (unsigned long long)r.proposals, cli_plural(r.proposals, "proposal", "proposals"));
	if (r.full)
		cli_printf("history: the bundle's audit log, %lld entries to head %lld:%.16s..., "
			   "checked against every record\n",
			   (long long)r.audit_rows, (long long)r.head_seq, r.head_sha256);
	else
		cli_printf("history: %s; the new audit log starts from it (%lld entries)\n",
			   r.scope_said ? "a partial bundle"
					: "the bundle does not say it holds every record (an "
					  "older govrec made it)",
			   (long long)r.audit_rows);
	if (r.signature == GOVREC_BAG_SIG_VALID)
		cli_printf("signature: valid (key %s)\n", r.key_id);
	else if (r.signature == GOVREC_BAG_SIG_UNCHECKED)
		cli_printf("signature: NOT checked (key %s); give the public key with -p PUB "
			   "to check it\n",
			   r.key_id);
	else
		cli_printf("signature: none\n");
	if (r.dropped)
		cli_printf("cleared %lld references to records outside the bundle\n",
			   (long long)r.dropped);
	return GOVREC_OK;
}
