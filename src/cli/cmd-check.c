/*
 * cmd-check.c - `govrec check`: verify everything that can be recomputed,
 * and, given an anchor (a published audit head, or a bundle that carries
 * one), that the archive's history still runs through it.
 *
 * The archive is opened read-only: check changes nothing, migrates nothing,
 * and lets writers go on while it reads one snapshot.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "govrec/audit.h"
#include "govrec/audittsv.h"
#include "govrec/bagit.h"
#include "govrec/util.h"

struct problems {
	struct govrec_json *j;
	int count;
};

static void problem(const char *msg, void *ctx)
{
	struct problems *p = ctx;

	p->count++;
	if (p->j) {
		govrec_json_str(p->j, msg);
	} else {
		cli_print_safe(msg);
		cli_printf("\n");
	}
}

/* The head a bundle carries, once the bundle (and its signature, given a key) verifies. */
static enum govrec_status bundle_head(struct cli *c, const char *path, const char *pub_file,
				      const char *pub_b64, struct govrec_bag **bag,
				      struct govrec_audit_head *h)
{
	struct govrec_bag_options opt = { NULL, NULL, NULL };
	struct govrec_bag_report r;
	struct govrec_pubkey pub;
	struct govrec_buf anchor = GOVREC_BUF_INIT, name = GOVREC_BUF_INIT;
	const char *seq, *hash, *when;
	enum govrec_status rc;

	rc = cli_pubkey(c, pub_file, pub_b64, &pub, &opt.pub);
	if (rc != GOVREC_OK)
		return rc;
	govrec_buf_add_safe(&name, path, 200);
	memset(&r, 0, sizeof(r));
	rc = govrec_bag_open(path, bag, &c->err);
	if (rc == GOVREC_OK)
		rc = govrec_bag_check(*bag, &opt, &r, &c->err);
	if (rc == GOVREC_REFUSED) {
		govrec_error_clear(&c->err); /* ours says more: what it means for the anchor */
		govrec_error_set(&c->err, GOVREC_REFUSED,
				 "'%s' cannot serve as an anchor: it does not verify (%s%s%s; see "
				 "'govrec verify')",
				 name.data, r.nproblems && r.problems[0].path ? r.problems[0].path : "",
				 r.nproblems && r.problems[0].path ? ": " : "",
				 r.nproblems ? r.problems[0].message : "invalid");
	} else if (rc == GOVREC_OK) {
		if (r.signature == GOVREC_BAG_SIG_UNCHECKED)
			fprintf(stderr,
				"govrec: check: '%s' is signed but its signature was not checked "
				"(no key given: -p PUB or -P BASE64); the anchor is only as "
				"trustworthy as the file\n",
				name.data);
		else if (r.signature == GOVREC_BAG_UNSIGNED)
			fprintf(stderr,
				"govrec: check: '%s' is not signed; the anchor is only as "
				"trustworthy as the file\n",
				name.data);
		seq = govrec_bag_info_get(&r, "Govrec-Audit-Seq");
		hash = govrec_bag_info_get(&r, "Govrec-Audit-Sha256");
		if (!seq || !hash) {
			rc = govrec_error_set(&c->err, GOVREC_INVALID,
					      "'%s' carries no audit head (Govrec-Audit-Seq and "
					      "Govrec-Audit-Sha256 in bag-info.txt)",
					      name.data);
		} else {
			govrec_buf_addf(&anchor, "%s:%s", seq, hash);
			rc = govrec_audit_head_parse(anchor.data, h, &c->err);
			if (rc != GOVREC_OK)
				govrec_error_prefix(&c->err, "the audit head of '%s'", name.data);
			when = govrec_bag_info_get(&r, "Govrec-Audit-Time");
			if (when)
				snprintf(h->time, sizeof(h->time), "%s", when);
		}
	}
	govrec_bag_report_release(&r);
	govrec_buf_release(&anchor);
	govrec_buf_release(&name);
	return rc;
}

static void say_ok(const struct govrec_audit_head *anchor)
{
	cli_printf("ok: database, search index, audit chain and every record check out\n");
	if (anchor)
		cli_printf("ok: the audit chain runs through the anchor %lld:%.12s...\n",
			   (long long)anchor->seq, anchor->sha256);
}

int cmd_check(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { { "against", required_argument, NULL, 'a' },
					      { "against-head", required_argument, NULL, 'H' },
					      { "public", required_argument, NULL, 'p' },
					      { "public-key", required_argument, NULL, 'P' },
					      { NULL, 0, NULL, 0 } };
	const char *bundle = NULL, *head = NULL, *pub_file = NULL, *pub_b64 = NULL;
	struct govrec_audit_head anchor;
	struct govrec_bag *bag = NULL;
	struct govrec_buf b = GOVREC_BUF_INIT;
	struct govrec_json j;
	struct problems p = { NULL, 0 };
	int o, rc;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 'a': bundle = cli_optarg; break;
		case 'H': head = cli_optarg; break;
		case 'p': pub_file = cli_optarg; break;
		case 'P': pub_b64 = cli_optarg; break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (cli_optind < argc)
		return cli_usage(c, "unexpected argument '%s'", argv[cli_optind]);
	if (bundle && head)
		return cli_usage(c, "--against and --against-head do not go together");
	if ((pub_file || pub_b64) && !bundle)
		return cli_usage(c, "a public key checks the bundle of --against");
	if (head && (rc = govrec_audit_head_parse(head, &anchor, &c->err)) != GOVREC_OK)
		return rc;
	if (bundle && (rc = bundle_head(c, bundle, pub_file, pub_b64, &bag, &anchor)) != GOVREC_OK) {
		govrec_bag_close(bag);
		return rc;
	}
	if (c->json) {
		govrec_json_init(&j, &b);
		govrec_json_object(&j);
		govrec_json_kstr(&j, "archive", c->db_path);
		govrec_json_key(&j, "problems");
		govrec_json_array(&j);
		p.j = &j;
	}
	rc = govrec_check_against(c->st, bundle || head ? &anchor : NULL, problem, &p, &c->err);
	/*
	 * A bundle carries the whole log as it was: entry by entry, it names
	 * where a history rewritten and re-chained since then first differs.
	 */
	if (bag && (rc == GOVREC_OK || rc == GOVREC_REFUSED)) {
		int rc2 = govrec_audit_against_bag(c->st, bag, problem, &p, &c->err);

		if (rc2 != GOVREC_OK)
			rc = rc2;
	}
	govrec_bag_close(bag);
	if (c->json) {
		govrec_json_end(&j);
		govrec_json_kbool(&j, "ok", rc == GOVREC_OK);
		if (bundle || head) {
			char text[GOVREC_HEAD_MAX];

			govrec_audit_head_format(&anchor, text);
			govrec_json_kstr(&j, "anchor", text);
		}
		govrec_json_end(&j);
		if (rc == GOVREC_OK || rc == GOVREC_REFUSED)
			cli_print_json(&b);
	} else if (rc == GOVREC_OK) {
		say_ok(bundle || head ? &anchor : NULL);
	}
	govrec_buf_release(&b);
	if (rc == GOVREC_REFUSED)
		govrec_error_set(&c->err, GOVREC_REFUSED, "%d problem%s found", p.count,
				 p.count == 1 ? "" : "s");
	return rc;
}
