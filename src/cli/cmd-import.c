/*
 * cmd-import.c - `govrec import`: files, folders and archives into the
 * archive, through the import driver (ingest.h).
 *
 * One line per file on stdout (stored, skipped as already archived, or
 * parsed with --dry-run), failures on stderr as they happen, then a
 * summary; --json gives the same as one document.  A progress bar goes to
 * stderr when it is a terminal and the import has run for over a second.
 * Exit status: 0 when every file went in (or was already there), also when
 * a reader had to drop part of one (a warning on stderr; --strict makes
 * that file fail instead), 2 when a file was bad input, 3 when one failed
 * for an environment reason.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "govrec/archive.h"
#include "govrec/ingest.h"
#include "govrec/util.h"

struct import_ui {
	struct govrec_json *j; /* --json: the files array is open */
	int quiet;
	int progress_shown;
	int tty;
	struct timespec start, last;
	char **unresolved; /* over the whole run, distinct */
	size_t nunresolved;
};

static void clear_progress(struct import_ui *ui)
{
	if (ui->progress_shown) {
		fputs("\r\033[K", stderr);
		ui->progress_shown = 0;
	}
}

static double since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void progress(uint64_t done, uint64_t total, void *ctx)
{
	struct import_ui *ui = ctx;
	struct timespec now;
	int width = 30, fill;

	if (!ui->tty || ui->quiet || !total)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (since(&ui->start, &now) < 1.0 || (ui->progress_shown && since(&ui->last, &now) < 0.1))
		return;
	ui->last = now;
	fill = (int)((double)width * (double)done / (double)total);
	if (fill > width)
		fill = width;
	fprintf(stderr, "\rimporting [%.*s%*s] %3d%%  %.1f of %.1f MB", fill,
		"##############################", width - fill, "",
		(int)(100.0 * (double)done / (double)total), (double)done / 1e6, (double)total / 1e6);
	ui->progress_shown = 1;
}

static void add_unresolved(struct import_ui *ui, const char *label)
{
	size_t i;
	char **v;

	for (i = 0; i < ui->nunresolved; i++)
		if (strcmp(ui->unresolved[i], label) == 0)
			return;
	v = realloc(ui->unresolved, (ui->nunresolved + 1) * sizeof(*v));
	if (!v)
		return;
	ui->unresolved = v;
	if ((v[ui->nunresolved] = strdup(label)) != NULL)
		ui->nunresolved++;
}

static const char *const outcome_names[] = { "stored", "skipped", "parsed", "failed" };

static void print_list(const char *what, const char *const *v, size_t n)
{
	size_t i;

	cli_printf("    %s: ", what);
	for (i = 0; i < n; i++) {
		if (i)
			cli_printf(", ");
		cli_print_safe(v[i]);
	}
	cli_printf("\n");
}

/*
 * What a reader dropped or guessed, on stderr whatever the output format:
 * the file went in (or would), but not all of it as written.
 */
static void print_warnings(const struct govrec_import_file *f)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	size_t i;

	for (i = 0; i < f->nwarnings; i++) {
		govrec_buf_reset(&b);
		govrec_buf_add_safe(&b, f->name, 0);
		govrec_buf_adds(&b, ": ");
		govrec_buf_add_safe(&b, f->warnings[i], 0);
		fprintf(stderr, "govrec: import: warning: %s\n", b.data);
	}
	if (f->warnings_more) {
		govrec_buf_reset(&b);
		govrec_buf_add_safe(&b, f->name, 0);
		fprintf(stderr, "govrec: import: warning: %s: %zu more warning%s not shown\n", b.data,
			f->warnings_more, f->warnings_more == 1 ? "" : "s");
	}
	govrec_buf_release(&b);
}

static void report(const struct govrec_import_file *f, void *ctx)
{
	struct import_ui *ui = ctx;
	struct govrec_json *j = ui->j;
	size_t i;

	for (i = 0; i < f->nunresolved; i++)
		add_unresolved(ui, f->unresolved[i]);
	clear_progress(ui);
	if (f->outcome == GOVREC_IMPORT_FAILED) {
		struct govrec_buf b = GOVREC_BUF_INIT;

		govrec_buf_add_safe(&b, f->err->msg, 0);
		fprintf(stderr, "govrec: import: %s\n", b.data);
		govrec_buf_release(&b);
	}
	print_warnings(f);
	if (j) {
		govrec_json_object(j);
		govrec_json_kstr(j, "file", f->name);
		govrec_json_kstr(j, "status", outcome_names[f->outcome]);
		if (f->outcome == GOVREC_IMPORT_FAILED) {
			govrec_json_kstr(j, "reader", f->reader);
			govrec_json_kstr(j, "error", f->err->msg);
			govrec_json_end(j);
			return;
		}
		if (f->document)
			govrec_json_kint(j, "document", f->document);
		else
			govrec_json_kstr(j, "document", NULL);
		govrec_json_kstr(j, "reader", f->reader);
		govrec_json_kstr(j, "layout", f->layout);
		govrec_json_kstr(j, "kind", f->kind);
		govrec_json_kstr(j, "title", f->title);
		govrec_json_kstr(j, "date", f->date);
		govrec_json_kint(j, "passages", (int64_t)f->passages);
		govrec_json_kint(j, "action_items", (int64_t)f->actions);
		govrec_json_kint(j, "decisions", (int64_t)f->decisions);
		govrec_json_kint(j, "links", (int64_t)f->links);
		govrec_json_key(j, "speakers");
		govrec_json_array(j);
		for (i = 0; i < f->nspeakers; i++)
			govrec_json_str(j, f->speakers[i]);
		govrec_json_end(j);
		govrec_json_key(j, "unresolved_speakers");
		govrec_json_array(j);
		for (i = 0; i < f->nunresolved; i++)
			govrec_json_str(j, f->unresolved[i]);
		govrec_json_end(j);
		govrec_json_key(j, "warnings");
		govrec_json_array(j);
		for (i = 0; i < f->nwarnings; i++)
			govrec_json_str(j, f->warnings[i]);
		govrec_json_end(j);
		govrec_json_kint(j, "warnings_not_listed", (int64_t)f->warnings_more);
		govrec_json_end(j);
		return;
	}
	if (ui->quiet || f->outcome == GOVREC_IMPORT_FAILED)
		return;
	cli_printf("%-8s", outcome_names[f->outcome]);
	cli_print_safe(f->name);
	if (f->outcome == GOVREC_IMPORT_SKIPPED) {
		cli_printf(": already archived as document %lld\n", (long long)f->document);
		return;
	}
	if (f->outcome == GOVREC_IMPORT_STORED)
		cli_printf(" as document %lld", (long long)f->document);
	cli_printf(": %s by %s", f->kind, f->reader);
	if (f->layout) {
		cli_printf(" (");
		cli_print_safe(f->layout);
		cli_printf(" layout)");
	}
	cli_printf(", %zu passage%s, %zu action item%s, %zu decision%s, %zu link%s\n",
		   f->passages, f->passages == 1 ? "" : "s", f->actions,
		   f->actions == 1 ? "" : "s", f->decisions, f->decisions == 1 ? "" : "s", f->links,
		   f->links == 1 ? "" : "s");
	if (f->nspeakers)
		print_list("speakers", f->speakers, f->nspeakers);
	if (f->nunresolved)
		print_list("unresolved speaker labels", f->unresolved, f->nunresolved);
}

int cmd_import(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "meeting", required_argument, NULL, 'm' },
		{ "kind", required_argument, NULL, 'k' },
		{ "date", required_argument, NULL, 'd' },
		{ "title", required_argument, NULL, 't' },
		{ "layout", required_argument, NULL, 'l' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "strict", no_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 }
	};
	struct govrec_import_options o;
	struct govrec_import_summary s;
	struct import_ui ui;
	struct govrec_buf b = GOVREC_BUF_INIT;
	struct govrec_json j;
	size_t i;
	int opt, rc;

	memset(&o, 0, sizeof(o));
	memset(&ui, 0, sizeof(ui));
	govrec_import_limits_default(&o.limits);
	while ((opt = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (opt) {
		case 'm':
			if (cli_int(c, "--meeting", cli_optarg, 1, INT32_MAX, &o.meeting))
				return GOVREC_INVALID;
			break;
		case 'k': o.kind = cli_optarg; break;
		case 'd':
			o.date = cli_optarg;
			if (cli_date(c, "--date", o.date))
				return GOVREC_INVALID;
			break;
		case 't': o.title = cli_optarg; break;
		case 'l': o.layout = cli_optarg; break;
		case 'n': o.dry_run = 1; break;
		case 'q': ui.quiet = 1; break;
		case 'S': o.strict = 1; break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (cli_optind >= argc)
		return cli_usage(c, "a file, folder or archive to import is needed");
	ui.tty = isatty(STDERR_FILENO);
	clock_gettime(CLOCK_MONOTONIC, &ui.start);
	o.report = report;
	o.progress = progress;
	o.ctx = &ui;
	if (c->json) {
		govrec_json_init(&j, &b);
		govrec_json_object(&j);
		govrec_json_kbool(&j, "dry_run", o.dry_run);
		govrec_json_key(&j, "files");
		govrec_json_array(&j);
		ui.j = &j;
	}
	rc = govrec_import_paths(c->st, (const char *const *)argv + cli_optind,
				 (size_t)(argc - cli_optind), &o, &s, &c->err);
	clear_progress(&ui);
	if (rc == GOVREC_OK && c->json) {
		govrec_json_end(&j);
		govrec_json_kint(&j, "stored", (int64_t)s.stored);
		govrec_json_kint(&j, "skipped", (int64_t)s.skipped);
		govrec_json_kint(&j, "parsed", (int64_t)s.parsed);
		govrec_json_kint(&j, "failed", (int64_t)s.failed);
		govrec_json_kint(&j, "with_warnings", (int64_t)s.warned);
		govrec_json_key(&j, "unresolved_speakers");
		govrec_json_array(&j);
		for (i = 0; i < ui.nunresolved; i++)
			govrec_json_str(&j, ui.unresolved[i]);
		govrec_json_end(&j);
		govrec_json_end(&j);
		cli_print_json(&b);
	} else if (rc == GOVREC_OK && !ui.quiet) {
		if (o.dry_run)
			cli_printf("dry run: %zu read, %zu failed; nothing was written", s.parsed,
				   s.failed);
		else
			cli_printf("%zu stored, %zu skipped (already archived), %zu failed", s.stored,
				   s.skipped, s.failed);
		if (s.warned)
			cli_printf("; %zu with warnings (see above)", s.warned);
		cli_printf("\n");
		if (ui.nunresolved)
			print_list("speaker labels that match nobody (add them with 'govrec person "
				   "alias')",
				   (const char *const *)ui.unresolved, ui.nunresolved);
	}
	for (i = 0; i < ui.nunresolved; i++)
		free(ui.unresolved[i]);
	free(ui.unresolved);
	govrec_buf_release(&b);
	if (rc == GOVREC_OK && s.failed) {
		size_t total = s.stored + s.skipped + s.parsed + s.failed;

		govrec_error_set(&c->err, s.worst, "%zu of %zu file%s failed", s.failed, total,
				 total == 1 ? "" : "s");
		return s.worst;
	}
	return rc;
}
