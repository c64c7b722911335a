/*
 * cmd-note.c - `govrec note add|list`: charter- and effectiveness-review notes.
 */
#include <getopt.h>

#include "cli.h"
#include "commands.h"
#include "govrec/note.h"

int cmd_note_add(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "review", required_argument, NULL, 'r' },
		{ "section", required_argument, NULL, 's' },
		{ "date", required_argument, NULL, 'd' },
		{ "title", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct govrec_note_new n = { NULL, NULL, NULL, NULL, NULL };
	int64_t id;
	int existed, o, rc;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 'r': n.review = cli_optarg; break;
		case 's': n.section = cli_optarg; break;
		case 'd':
			n.date = cli_optarg;
			if (cli_date(c, "--date", n.date))
				return GOVREC_INVALID;
			break;
		case 't': n.title = cli_optarg; break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (!n.review)
		return cli_usage(c, "--review is needed");
	if (argc - cli_optind != 1)
		return cli_usage(c, "one file (or - for standard input) is needed");
	n.path = argv[cli_optind];
	rc = govrec_note_add(c->st, &n, &id, &existed, &c->err);
	if (rc != GOVREC_OK)
		return rc;
	if (c->json)
		cli_printf("{\n  \"id\": %lld,\n  \"existed\": %s\n}\n", (long long)id,
			   existed ? "true" : "false");
	else if (existed)
		cli_printf("already archived as document %lld\n", (long long)id);
	else
		cli_printf("archived note as document %lld\n", (long long)id);
	return GOVREC_OK;
}

static int list_one(const struct govrec_note *n, void *ctx)
{
	struct cli_list *l = ctx;

	l->count++;
	if (l->j) {
		govrec_json_object(l->j);
		govrec_json_kint(l->j, "id", n->id);
		govrec_json_kstr(l->j, "review", n->review);
		govrec_json_kstr(l->j, "section", n->section);
		govrec_json_kstr(l->j, "date", n->date);
		govrec_json_kstr(l->j, "title", n->title);
		govrec_json_kint(l->j, "passages", n->passages);
		govrec_json_end(l->j);
		return 0;
	}
	cli_printf("%5lld  %s  ", (long long)n->id, n->date);
	cli_print_safe(n->review);
	if (n->section) {
		cli_printf("  section ");
		cli_print_safe(n->section);
	}
	cli_printf("  ");
	cli_print_safe(n->title);
	cli_printf("  (%d passage%s)\n", n->passages, n->passages == 1 ? "" : "s");
	return 0;
}

int cmd_note_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "review", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_list l;
	const char *review = NULL;
	int o, rc;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 'r': review = cli_optarg; break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (cli_optind < argc)
		return cli_usage(c, "unexpected argument '%s'", argv[cli_optind]);
	cli_list_begin(c, &l);
	rc = govrec_note_each(c->st, review, list_one, &l, &c->err);
	if (rc == GOVREC_OK && !c->json && l.count == 0)
		cli_printf("no review notes%s\n", review ? " for that review" : " yet");
	return cli_list_end(&l, rc);
}
