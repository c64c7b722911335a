/*
 * cmd-log.c - `govrec log`: the audit trail, oldest first; `govrec log
 * --head`: its newest entry as an anchor to publish.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "govrec/audit.h"

/*
 * A row without a content hash is a deletion when it names a record; the
 * row a partial restore begins with names a bundle, which has no content.
 */
static int is_deletion(const struct govrec_audit_entry *e)
{
	char kind[32];
	size_t n = strcspn(e->record, ":");

	if (e->content_sha256 || n >= sizeof(kind))
		return 0;
	memcpy(kind, e->record, n);
	kind[n] = '\0';
	return govrec_record_kind_find(kind) != NULL;
}

static int show(const struct govrec_audit_entry *e, void *p)
{
	struct cli_list *l = p;

	l->count++;
	if (l->j) {
		govrec_json_object(l->j);
		govrec_json_kint(l->j, "seq", e->seq);
		govrec_json_kstr(l->j, "time", e->time);
		govrec_json_kstr(l->j, "actor", e->actor);
		govrec_json_kstr(l->j, "op", e->op);
		govrec_json_kstr(l->j, "record", e->record);
		govrec_json_kstr(l->j, "content_sha256", e->content_sha256);
		govrec_json_kstr(l->j, "prev_sha256", e->prev_sha256);
		govrec_json_kstr(l->j, "sha256", e->sha256);
		govrec_json_end(l->j);
		return 0;
	}
	cli_printf("%6lld  %s  ", (long long)e->seq, e->time);
	cli_print_safe(e->actor);
	cli_printf("  %s  ", e->op);
	cli_print_safe(e->record);
	cli_printf("%s  %.12s\n", is_deletion(e) ? " (deleted)" : "", e->sha256);
	return 0;
}

/*
 * One line to publish: "govrec audit head SEQ:HASH TIME", the SEQ:HASH word
 * being what `govrec check --against-head` takes; the advice goes to
 * standard error, so that standard output is that line alone.
 */
static int show_head(struct cli *c)
{
	struct govrec_audit_head h;
	struct govrec_buf b = GOVREC_BUF_INIT;
	struct govrec_json j;
	char text[GOVREC_HEAD_MAX];
	int rc = govrec_audit_head(c->st, &h, &c->err);

	if (rc != GOVREC_OK)
		return rc;
	govrec_audit_head_format(&h, text);
	if (c->json) {
		govrec_json_init(&j, &b);
		govrec_json_object(&j);
		govrec_json_kint(&j, "seq", h.seq);
		govrec_json_kstr(&j, "sha256", h.sha256);
		govrec_json_kstr(&j, "time", h.time);
		govrec_json_end(&j);
		cli_print_json(&b);
		govrec_buf_release(&b);
		return GOVREC_OK;
	}
	cli_printf("govrec audit head %s %s\n", text, h.time);
	fflush(stdout); /* the line, then the hint about it, also when both go to one file */
	fprintf(stderr,
		"Publish this line where it cannot be taken back (the minutes, a mail to the "
		"list); 'govrec check --against-head %s' then shows whether the archive's "
		"history still runs through entry %lld unchanged.\n",
		text, (long long)h.seq);
	return GOVREC_OK;
}

int cmd_log(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "record", required_argument, NULL, 'r' },
		{ "since", required_argument, NULL, 's' },
		{ "head", no_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 }
	};
	const char *record = NULL, *since = NULL;
	struct cli_list l;
	int o, rc, head = 0;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 'r': record = cli_optarg; break;
		case 's':
			since = cli_optarg;
			if (cli_date(c, "--since", since))
				return GOVREC_INVALID;
			break;
		case 'H': head = 1; break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (cli_optind < argc)
		return cli_usage(c, "unexpected argument '%s'", argv[cli_optind]);
	if (head && (record || since))
		return cli_usage(c, "--head goes alone: the head is the newest entry of all");
	if (head)
		return show_head(c);
	cli_list_begin(c, &l);
	rc = cli_list_end(&l, govrec_audit_each(c->st, record, since, show, &l, &c->err));
	if (rc == GOVREC_OK && record && l.count == 0)
		return govrec_error_set(&c->err, GOVREC_NOTFOUND, "no audit entries for '%.80s'",
					record);
	return rc;
}
