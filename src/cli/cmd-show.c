/*
 * cmd-show.c - `govrec show ID`: a passage (a search hit's id) with the turns
 * around it, so a reader sees what was said before and after.
 */
#include <getopt.h>
#include <stdint.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "govrec/passage.h"
#include "govrec/search.h"
#include "govrec/util.h"

#define DEFAULT_CONTEXT 2

struct show {
	struct cli *c;
	struct govrec_json *j;
	struct govrec_buf *b;
};

static void show_place(const struct govrec_passage_place *p, void *ctx)
{
	struct show *sh = ctx;

	if (sh->j) {
		govrec_json_key(sh->j, "document");
		govrec_json_object(sh->j);
		govrec_json_kint(sh->j, "id", p->document_id);
		govrec_json_kstr(sh->j, "kind", p->kind);
		govrec_json_kstr(sh->j, "title", p->title);
		govrec_json_kstr(sh->j, "date", p->date);
		govrec_json_end(sh->j);
		govrec_json_key(sh->j, "meeting");
		if (p->meeting) {
			govrec_json_object(sh->j);
			govrec_json_kint(sh->j, "number", p->meeting);
			govrec_json_kstr(sh->j, "date", p->meeting_date);
			govrec_json_end(sh->j);
		} else {
			govrec_json_null(sh->j);
		}
		govrec_json_key(sh->j, "passages");
		govrec_json_array(sh->j);
		return;
	}
	govrec_buf_addf(sh->b, "%s ", p->kind);
	govrec_buf_add_safe(sh->b, p->title, 0);
	govrec_buf_addf(sh->b, " (document %lld)", (long long)p->document_id);
	if (p->meeting)
		govrec_buf_addf(sh->b, "  meeting %lld", (long long)p->meeting);
	if (p->date)
		govrec_buf_addf(sh->b, "  %s", p->date);
	govrec_buf_adds(sh->b, "\n\n");
}

static void time_json(struct govrec_json *j, const char *key, int64_t ms)
{
	govrec_json_key(j, key);
	if (ms >= 0)
		govrec_json_int(j, ms);
	else
		govrec_json_null(j);
}

static int show_turn(const struct govrec_turn *t, void *ctx)
{
	struct show *sh = ctx;
	struct govrec_buf *b = sh->b;
	char time[32];

	if (sh->j) {
		govrec_json_object(sh->j);
		govrec_json_kint(sh->j, "id", t->id);
		govrec_json_kint(sh->j, "seq", t->seq);
		govrec_json_kstr(sh->j, "speaker", t->speaker);
		govrec_json_kstr(sh->j, "person", t->person);
		govrec_json_kstr(sh->j, "heading", t->heading);
		time_json(sh->j, "start_ms", t->start_ms);
		time_json(sh->j, "end_ms", t->end_ms);
		govrec_json_kstr(sh->j, "body", t->body);
		govrec_json_kbool(sh->j, "target", t->target);
		govrec_json_end(sh->j);
		return 0;
	}
	govrec_buf_addf(b, "%s#%lld", t->target ? "> " : "  ", (long long)t->id);
	if (t->start_ms >= 0) {
		govrec_format_offset(t->start_ms, time, sizeof(time));
		govrec_buf_addf(b, "  %s", time);
	}
	if (t->person || t->speaker) {
		govrec_buf_adds(b, "  ");
		govrec_buf_add_safe(b, t->person ? t->person : t->speaker, 0);
	}
	if (t->heading) {
		govrec_buf_adds(b, "  [");
		govrec_buf_add_safe(b, t->heading, 0);
		govrec_buf_adds(b, "]");
	}
	govrec_buf_adds(b, "\n");
	{
		/* The body indented, its line breaks kept. */
		const char *s = t->body;

		while (*s) {
			size_t n = strcspn(s, "\n");
			struct govrec_buf line = GOVREC_BUF_INIT;

			govrec_buf_add(&line, s, n);
			govrec_buf_adds(b, "    ");
			govrec_buf_add_safe(b, line.data, 0);
			govrec_buf_addch(b, '\n');
			govrec_buf_release(&line);
			s += n;
			if (*s)
				s++;
		}
	}
	govrec_buf_addch(b, '\n');
	return 0;
}

int cmd_show(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "context", required_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 }
	};
	struct govrec_buf b = GOVREC_BUF_INIT;
	struct govrec_json j;
	struct show sh = { c, NULL, &b };
	int64_t id, context = DEFAULT_CONTEXT;
	int o, rc;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 'C':
			if (cli_int(c, "--context", cli_optarg, 0, 10000, &context))
				return GOVREC_INVALID;
			break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (argc - cli_optind != 1)
		return cli_usage(c,
				 "one passage id is needed (the number after '#' in search hits)");
	if (cli_int(c, "passage id", argv[cli_optind][0] == '#' ? argv[cli_optind] + 1
								: argv[cli_optind],
		    1, INT64_MAX, &id))
		return GOVREC_INVALID;
	if (c->json) {
		govrec_json_init(&j, &b);
		govrec_json_object(&j);
		govrec_json_kint(&j, "id", id);
		govrec_json_kint(&j, "context", context);
		sh.j = &j;
	}
	rc = govrec_passage_context(c->st, id, context, show_place, show_turn, &sh, &c->err);
	if (rc == GOVREC_OK) {
		if (sh.j) {
			govrec_json_end(&j);
			govrec_json_end(&j);
		}
		cli_write(b.data, b.len);
	}
	govrec_buf_release(&b);
	return rc;
}
