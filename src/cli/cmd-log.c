/*
 * cmd-log.c - `govrec log`: the audit trail, oldest first.
 */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "govrec/audit.h"

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
	cli_printf("%s  %.12s\n", e->content_sha256 ? "" : " (deleted)", e->sha256);
	return 0;
}

int cmd_log(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "record", required_argument, NULL, 'r' },
		{ "since", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	const char *record = NULL, *since = NULL;
	struct cli_list l;
	int o, rc;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 'r': record = cli_optarg; break;
		case 's':
			since = cli_optarg;
			if (cli_date(c, "--since", since))
				return GOVREC_INVALID;
			break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (cli_optind < argc)
		return cli_usage(c, "unexpected argument '%s'", argv[cli_optind]);
	cli_list_begin(c, &l);
	rc = cli_list_end(&l, govrec_audit_each(c->st, record, since, show, &l, &c->err));
	if (rc == GOVREC_OK && record && l.count == 0)
		return govrec_error_set(&c->err, GOVREC_NOTFOUND, "no audit entries for '%.80s'",
					record);
	return rc;
}
