/*
 * cmd-decision.c - `govrec decision list`: decisions import found in notes
 * and transcripts ("DECISION:", "RESOLVED:", "AGREED:").
 */
#include <getopt.h>

#include "cli.h"
#include "commands.h"
#include "govrec/action.h"
#include "govrec/meeting.h"

static int list_one(const struct govrec_decision *d, void *ctx)
{
	struct cli_list *l = ctx;

	l->count++;
	if (l->j) {
		govrec_json_object(l->j);
		govrec_json_kint(l->j, "id", d->id);
		if (d->meeting)
			govrec_json_kint(l->j, "meeting", d->meeting);
		else
			govrec_json_kstr(l->j, "meeting", NULL);
		govrec_json_kstr(l->j, "date", d->date);
		if (d->document)
			govrec_json_kint(l->j, "document", d->document);
		else
			govrec_json_kstr(l->j, "document", NULL);
		govrec_json_kstr(l->j, "text", d->text);
		govrec_json_end(l->j);
		return 0;
	}
	cli_printf("%4lld  %-10s", (long long)d->id, d->date ? d->date : "-");
	if (d->meeting)
		cli_printf("  meeting %lld", (long long)d->meeting);
	cli_printf("\n      ");
	cli_print_safe(d->text);
	cli_printf("\n");
	return 0;
}

int cmd_decision_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "meeting", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_list l;
	int64_t meeting = 0;
	int o, rc;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 'm':
			if (cli_int(c, "--meeting", cli_optarg, 1, INT32_MAX, &meeting))
				return GOVREC_INVALID;
			break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (cli_optind < argc)
		return cli_usage(c, "unexpected argument '%s'", argv[cli_optind]);
	if (meeting) {
		/* A filter naming a meeting that does not exist: "no meeting N" (1). */
		int64_t id;

		rc = govrec_meeting_id(c->st, meeting, &id, &c->err);
		if (rc != GOVREC_OK)
			return rc;
	}
	cli_list_begin(c, &l);
	rc = govrec_decision_each(c->st, meeting, list_one, &l, &c->err);
	if (rc == GOVREC_OK && !c->json && l.count == 0)
		cli_printf("no decisions%s\n", meeting ? " for that meeting" : "");
	return cli_list_end(&l, rc);
}
