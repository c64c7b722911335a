/*
 * cmd-verify.c - `govrec verify IN`: check a bag (a govrec bundle or any
 * BagIt bag) and its minisign signature, listing every problem found.
 *
 * Exit 0 valid, 1 invalid (the problems on standard output), 2 for usage
 * errors or input that cannot be read as a bag at all.  It needs no archive.
 * On a terminal, a progress line on standard error shows how far a big bag
 * has got.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "govrec/bagit.h"

struct progress {
	struct timespec start, last;
	int shown;
};

static double since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* Shown only after a second, at most four times a second. */
static void show_progress(uint64_t done, uint64_t total, void *ctx)
{
	struct progress *p = ctx;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (since(&p->start, &now) < 1.0 || (p->shown && since(&p->last, &now) < 0.25))
		return;
	p->last = now;
	p->shown = 1;
	if (total)
		fprintf(stderr, "\rverifying: %3d%% (%llu of %llu MiB)",
		        (int)(done * 100 / (total ? total : 1)), (unsigned long long)(done >> 20),
		        (unsigned long long)(total >> 20));
	else
		fprintf(stderr, "\rverifying: %llu MiB", (unsigned long long)(done >> 20));
	fflush(stderr);
}

static void print_json(struct cli *c, const char *in, const struct govrec_bag_report *r, int valid)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	struct govrec_json j;
	char id[17];
	size_t i;

	govrec_json_init(&j, &b);
	govrec_json_object(&j);
	govrec_json_kstr(&j, "path", in);
	govrec_json_kbool(&j, "valid", valid);
	govrec_json_kstr(&j, "signature", govrec_bag_signature_name(r->signature));
	if (r->have_key_id) {
		govrec_key_id_hex(r->key_id, id);
		govrec_json_kstr(&j, "key_id", id);
	} else {
		govrec_json_kstr(&j, "key_id", NULL);
	}
	govrec_json_kstr(&j, "trusted_comment", r->trusted_comment);
	govrec_json_key(&j, "algorithms");
	govrec_json_array(&j);
	for (i = 0; r->algorithms && r->algorithms[i]; i++)
		govrec_json_str(&j, r->algorithms[i]);
	govrec_json_end(&j);
	govrec_json_kint(&j, "files", (int64_t)r->files);
	govrec_json_kint(&j, "bytes", (int64_t)r->bytes);
	govrec_json_key(&j, "problems");
	govrec_json_array(&j);
	for (i = 0; i < r->nproblems; i++) {
		govrec_json_object(&j);
		govrec_json_kstr(&j, "path", r->problems[i].path);
		govrec_json_kstr(&j, "problem", r->problems[i].message);
		govrec_json_end(&j);
	}
	govrec_json_end(&j);
	govrec_json_key(&j, "warnings");
	govrec_json_array(&j);
	for (i = 0; i < r->nwarnings; i++) {
		govrec_json_object(&j);
		govrec_json_kstr(&j, "path", r->warnings[i].path);
		govrec_json_kstr(&j, "warning", r->warnings[i].message);
		govrec_json_end(&j);
	}
	govrec_json_end(&j);
	govrec_json_end(&j);
	cli_print_json(&b);
	govrec_buf_release(&b);
}

static void print_notes(const char *what, const struct govrec_bag_problem *p, size_t n)
{
	size_t i;

	if (n)
		cli_printf("%zu %s%s:\n", n, what, n == 1 ? "" : "s");
	for (i = 0; i < n; i++) {
		cli_printf("  ");
		if (p[i].path) {
			cli_print_safe(p[i].path);
			cli_printf(": ");
		}
		cli_print_safe(p[i].message);
		cli_printf("\n");
	}
}

static void print_text(const char *in, const struct govrec_bag_report *r, int valid)
{
	char id[17];
	size_t i;

	cli_printf("%s: ", valid ? "valid" : "invalid");
	cli_print_safe(in);
	cli_printf("\npayload: %llu file%s, %llu bytes", (unsigned long long)r->files,
	           r->files == 1 ? "" : "s", (unsigned long long)r->bytes);
	for (i = 0; r->algorithms && r->algorithms[i]; i++)
		cli_printf("%s%s", i ? ", " : " (", r->algorithms[i]);
	cli_printf("%s\n", i ? ")" : "");
	if (r->have_key_id)
		govrec_key_id_hex(r->key_id, id);
	switch (r->signature) {
	case GOVREC_BAG_UNSIGNED: cli_printf("signature: none\n"); break;
	case GOVREC_BAG_SIG_VALID:
		cli_printf("signature: valid, key %s\ntrusted comment: ", id);
		cli_print_safe(r->trusted_comment);
		cli_printf("\n");
		break;
	case GOVREC_BAG_SIG_INVALID:
		if (r->have_key_id)
			cli_printf("signature: INVALID (signed with key %s)\n", id);
		else
			cli_printf("signature: INVALID\n");
		break;
	case GOVREC_BAG_SIG_UNCHECKED:
		cli_printf("signature: present but not checked (signed with key %s); give the "
		           "public key with -p FILE or -P BASE64 to check it\n",
		           id);
		break;
	}
	print_notes("problem", r->problems, r->nproblems);
	print_notes("warning", r->warnings, r->nwarnings);
}

int cmd_verify(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {{"public", required_argument, NULL, 'p'},
	                                     {"public-key", required_argument, NULL, 'P'},
	                                     {NULL, 0, NULL, 0}};
	struct govrec_bag_options opt = {NULL, NULL, NULL};
	struct govrec_bag_report r;
	struct govrec_pubkey pub;
	struct progress prog;
	const char *pub_file = NULL, *pub_b64 = NULL, *in;
	int o, rc;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 'p': pub_file = cli_optarg; break;
		case 'P': pub_b64 = cli_optarg; break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (argc - cli_optind != 1)
		return cli_usage(c, "one bag (a directory or an archive) is needed");
	in = argv[cli_optind];
	rc = cli_pubkey(c, pub_file, pub_b64, &pub, &opt.pub);
	if (rc != GOVREC_OK)
		return rc;
	memset(&prog, 0, sizeof(prog));
	if (!c->json && isatty(STDERR_FILENO)) {
		clock_gettime(CLOCK_MONOTONIC, &prog.start);
		opt.progress = show_progress;
		opt.ctx = &prog;
	}
	rc = govrec_bag_verify(in, &opt, &r, &c->err);
	if (prog.shown)
		fprintf(stderr, "\r%*s\r", 50, "");
	if (rc == GOVREC_OK || rc == GOVREC_REFUSED) {
		if (c->json)
			print_json(c, in, &r, rc == GOVREC_OK);
		else
			print_text(in, &r, rc == GOVREC_OK);
	}
	govrec_bag_report_release(&r);
	return rc;
}
