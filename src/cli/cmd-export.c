/*
 * cmd-export.c - `govrec export`: the archive as a signed BagIt bundle.
 *
 * The work is govrec_export() (src/services/export.c); this file parses the options,
 * reads the secret key (with its password from --password-fd,
 * $GOVREC_PASSWORD or the terminal when it has one: cli_password()), shows
 * progress on a terminal and reports what was written.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "govrec/export.h"
#include "govrec/sign.h"
#include "plural.h"

struct progress {
	struct timespec last;
	int shown;
};

/* At most four times a second: a big archive has many small files. */
static void progress(uint64_t files, uint64_t bytes, void *ctx)
{
	struct progress *p = ctx;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (p->shown && (double)(now.tv_sec - p->last.tv_sec) +
				(double)(now.tv_nsec - p->last.tv_nsec) / 1e9 < 0.25)
		return;
	p->last = now;
	p->shown = 1;
	fprintf(stderr, "\rexporting: %llu %s, %.1f MiB", (unsigned long long)files,
		cli_plural(files, "file", "files"), (double)bytes / (1024.0 * 1024.0));
	fflush(stderr);
}

static const char *format_name(enum govrec_bundle_format f)
{
	switch (f) {
	case GOVREC_BUNDLE_TAR: return "tar";
	case GOVREC_BUNDLE_TAR_GZ: return "tar.gz";
	case GOVREC_BUNDLE_TAR_ZST: return "tar.zst";
	case GOVREC_BUNDLE_ZIP: return "zip";
	default: return "dir";
	}
}

int cmd_export(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "sign", required_argument, NULL, 's' },
		{ "since", required_argument, NULL, 'S' },
		{ "until", required_argument, NULL, 'U' },
		{ "meeting", required_argument, NULL, 'm' },
		{ "proposal", required_argument, NULL, 'p' },
		{ "password-fd", required_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 }
	};
	struct govrec_export_options o;
	struct govrec_export_result r;
	struct govrec_seckey *key = NULL;
	const char *keyfile = NULL;
	int64_t password_fd = -1;
	struct progress prog;
	int opt, rc;

	memset(&o, 0, sizeof(o));
	while ((opt = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (opt) {
		case 'o': o.out = cli_optarg; break;
		case 'f':
			o.format = govrec_bundle_format_parse(cli_optarg);
			if (o.format == GOVREC_BUNDLE_AUTO)
				return cli_usage(
				    c,
				    "--format '%.20s' is not tar, tar.gz, tar.zst, zip "
				    "or dir",
				    cli_optarg);
			break;
		case 's': keyfile = cli_optarg; break;
		case 'S':
			o.sel.since = cli_optarg;
			if (cli_date(c, "--since", cli_optarg))
				return GOVREC_INVALID;
			break;
		case 'U':
			o.sel.until = cli_optarg;
			if (cli_date(c, "--until", cli_optarg))
				return GOVREC_INVALID;
			break;
		case 'm':
			if (cli_int(c, "--meeting", cli_optarg, 1, 1000000000, &o.sel.meeting))
				return GOVREC_INVALID;
			break;
		case 'p': o.sel.proposal = cli_optarg; break;
		case 'F':
			if (cli_int(c, "--password-fd", cli_optarg, 0, 1000000, &password_fd))
				return GOVREC_INVALID;
			break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (cli_optind < argc)
		return cli_usage(c, "unexpected argument '%s'", argv[cli_optind]);
	if (!o.out || !*o.out)
		return cli_usage(c, "-o OUT is needed");
	if (strcmp(o.out, "-") == 0)
		return cli_usage(c, "-o names a file or directory to create, not standard output");
	if (password_fd >= 0 && !keyfile)
		return cli_usage(c, "--password-fd goes with --sign");
	if (cli_out_dir(c, "-o", o.out) != GOVREC_OK)
		return GOVREC_INVALID;
	if (keyfile) {
		char *password = NULL;

		if (govrec_seckey_encrypted(keyfile)) {
			rc = cli_password(c, (int)password_fd, 0, &password);
			if (rc != GOVREC_OK)
				return rc;
		}
		rc = govrec_seckey_read(keyfile, password, &key, &c->err);
		cli_password_free(password);
		if (rc != GOVREC_OK)
			return rc;
	}
	o.key = key;
	memset(&prog, 0, sizeof(prog));
	if (isatty(STDERR_FILENO) && !c->json) {
		o.progress = progress;
		o.progress_ctx = &prog;
	}
	/*
	 * Zip headers hold DOS times, which libarchive writes in local time:
	 * in UTC, a zip bundle is the same bytes in every time zone.
	 */
	setenv("TZ", "UTC0", 1);
	tzset();
	rc = govrec_export(c->st, &o, &r, &c->err);
	if (prog.shown)
		fprintf(stderr, "\r%*s\r", 60, ""); /* the summary follows on stdout */
	govrec_seckey_free(key);
	if (rc != GOVREC_OK)
		return rc;
	if (c->json) {
		struct govrec_buf b = GOVREC_BUF_INIT;
		struct govrec_json j;

		govrec_json_init(&j, &b);
		govrec_json_object(&j);
		govrec_json_kstr(&j, "id", r.id);
		govrec_json_kstr(&j, "path", o.out);
		govrec_json_kstr(
		    &j, "format",
		    format_name(o.format ? o.format : govrec_bundle_format_of_path(o.out)));
		govrec_json_kstr(&j, "time", r.time);
		govrec_json_kint(&j, "files", (int64_t)r.files);
		govrec_json_kint(&j, "bytes", (int64_t)r.bytes);
		govrec_json_kint(&j, "documents", (int64_t)r.documents);
		govrec_json_kint(&j, "meetings", (int64_t)r.meetings);
		govrec_json_kint(&j, "proposals", (int64_t)r.proposals);
		govrec_json_kbool(&j, "signed", r.signed_);
		govrec_json_end(&j);
		cli_print_json(&b);
		govrec_buf_release(&b);
		return GOVREC_OK;
	}
	cli_printf("exported %s to ", r.id);
	cli_print_safe(o.out);
	cli_printf(": %llu %s, %llu %s (%llu %s, %llu %s, %llu %s), %s\n",
		   (unsigned long long)r.files, cli_plural(r.files, "file", "files"),
		   (unsigned long long)r.bytes, cli_plural(r.bytes, "byte", "bytes"),
		   (unsigned long long)r.documents, cli_plural(r.documents, "document", "documents"),
		   (unsigned long long)r.meetings, cli_plural(r.meetings, "meeting", "meetings"),
		   (unsigned long long)r.proposals, cli_plural(r.proposals, "proposal", "proposals"),
		   r.signed_ ? "signed" : "unsigned");
	return GOVREC_OK;
}
