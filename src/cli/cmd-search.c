/*
 * cmd-search.c - `govrec search`: ranked full-text search over every passage,
 * and saved searches.
 *
 * The command row says CLI_NO_STORE because this handler decides how to open
 * the archive: read-only for every search (so a search can never change the
 * archive, its audit log included), and for writing only with --save.  The
 * query language lives in src/services/query.c, the execution in src/services/search.c; this
 * file turns options into field terms and prints hits as text (matches in
 * colour on a terminal, in [brackets] otherwise), JSON or CSV.  Output is
 * written hit by hit, so memory does not grow with --limit 0.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "commands.h"
#include "govrec/saved.h"
#include "govrec/search.h"
#include "govrec/util.h"

#define DEFAULT_LIMIT 20

enum format { FMT_TEXT, FMT_JSON, FMT_CSV };

/* The options that are field terms, in the order they were given. */
struct opt_filter {
	const char *field;
	const char *option;
	char *value; /* as a field value: "2017-01-01.." for --since */
};

struct out {
	struct cli *c;
	enum format fmt;
	struct govrec_buf b;
	struct govrec_json j;
	int64_t count;
};

static const char *const colour_mark = "\033[1;31m", *const colour_off = "\033[0m";

/*
 * Appends a snippet to b with its marks made visible: colour, or [ ] when
 * plain; control characters in the text replaced (it is untrusted).
 */
static void add_snippet(struct govrec_buf *b, const char *s, int colour)
{
	while (*s) {
		size_t n = strcspn(s, "\x01\x02");

		if (n) {
			struct govrec_buf part = GOVREC_BUF_INIT;

			govrec_buf_add(&part, s, n);
			govrec_buf_add_safe(b, part.data, 0);
			govrec_buf_release(&part);
			s += n;
		}
		if (*s == GOVREC_MARK_START)
			govrec_buf_adds(b, colour ? colour_mark : "[");
		else if (*s == GOVREC_MARK_END)
			govrec_buf_adds(b, colour ? colour_off : "]");
		if (*s)
			s++;
	}
}

/* A CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
static void csv_field(struct govrec_buf *b, const char *s, int last)
{
	const char *c;

	if (!s)
		s = "";
	if (strpbrk(s, ",\"\r\n")) {
		govrec_buf_addch(b, '"');
		for (c = s; *c; c++) {
			if (*c == '"')
				govrec_buf_addch(b, '"');
			govrec_buf_addch(b, *c);
		}
		govrec_buf_addch(b, '"');
	} else {
		govrec_buf_adds(b, s);
	}
	govrec_buf_adds(b, last ? "\r\n" : ",");
}

static const char csv_header[] =
	"id,date,meeting,kind,document,title,heading,speaker,person,time,snippet\r\n";

static int print_hit(const struct govrec_hit *h, void *ctx)
{
	struct out *o = ctx;
	struct govrec_buf *b = &o->b;
	struct govrec_buf snip = GOVREC_BUF_INIT;
	char time[32] = "", num[64];

	o->count++;
	if (h->start_ms >= 0)
		govrec_format_offset(h->start_ms, time, sizeof(time));
	switch (o->fmt) {
	case FMT_JSON:
		add_snippet(&snip, h->snippet, 0);
		govrec_json_object(&o->j);
		govrec_json_kint(&o->j, "id", h->id);
		govrec_json_kstr(&o->j, "date", h->date);
		govrec_json_key(&o->j, "meeting");
		if (h->meeting)
			govrec_json_int(&o->j, h->meeting);
		else
			govrec_json_null(&o->j);
		govrec_json_kstr(&o->j, "meeting_date", h->meeting_date);
		govrec_json_kint(&o->j, "document", h->document_id);
		govrec_json_kstr(&o->j, "kind", h->kind);
		govrec_json_kstr(&o->j, "title", h->title);
		govrec_json_kstr(&o->j, "heading", h->heading);
		govrec_json_kstr(&o->j, "speaker", h->speaker);
		govrec_json_kstr(&o->j, "person", h->person);
		govrec_json_key(&o->j, "start_ms");
		if (h->start_ms >= 0)
			govrec_json_int(&o->j, h->start_ms);
		else
			govrec_json_null(&o->j);
		govrec_json_kstr(&o->j, "time", h->start_ms >= 0 ? time : NULL);
		govrec_json_kstr(&o->j, "snippet", snip.data);
		govrec_json_end(&o->j);
		break;
	case FMT_CSV:
		add_snippet(&snip, h->snippet, 0);
		snprintf(num, sizeof(num), "%lld", (long long)h->id);
		csv_field(b, num, 0);
		csv_field(b, h->date, 0);
		snprintf(num, sizeof(num), "%lld", (long long)h->meeting);
		csv_field(b, h->meeting ? num : "", 0);
		csv_field(b, h->kind, 0);
		snprintf(num, sizeof(num), "%lld", (long long)h->document_id);
		csv_field(b, num, 0);
		csv_field(b, h->title, 0);
		csv_field(b, h->heading, 0);
		csv_field(b, h->speaker, 0);
		csv_field(b, h->person, 0);
		csv_field(b, time, 0);
		csv_field(b, snip.data, 1);
		break;
	case FMT_TEXT:
		if (o->count > 1)
			govrec_buf_addch(b, '\n');
		govrec_buf_addf(b, "%s#%lld%s  %s", o->c->color ? "\033[33m" : "", (long long)h->id,
				o->c->color ? colour_off : "", h->date ? h->date : "(no date)");
		if (h->meeting)
			govrec_buf_addf(b, "  meeting %lld", (long long)h->meeting);
		govrec_buf_addf(b, "  %s: ", h->kind);
		govrec_buf_add_safe(b, h->title, 0);
		if (h->heading) {
			/* Notes repeat their title as the first heading: say it once. */
			const char *hd = h->heading;
			size_t tl = strlen(h->title);

			if (strncmp(hd, h->title, tl) == 0 &&
			    (!hd[tl] || strncmp(hd + tl, " / ", 3) == 0))
				hd += hd[tl] ? tl + 3 : tl;
			if (*hd) {
				govrec_buf_adds(b, " / ");
				govrec_buf_add_safe(b, hd, 0);
			}
		}
		govrec_buf_addch(b, '\n');
		if (h->speaker || h->person || time[0]) {
			govrec_buf_adds(b, "    ");
			if (h->person || h->speaker)
				govrec_buf_add_safe(b, h->person ? h->person : h->speaker, 0);
			/* The label as written, when it says more than the name's case. */
			if (h->person && h->speaker && strcasecmp(h->person, h->speaker) != 0) {
				govrec_buf_adds(b, " (as \"");
				govrec_buf_add_safe(b, h->speaker, 0);
				govrec_buf_adds(b, "\")");
			}
			if (time[0])
				govrec_buf_addf(b, "%s%s", h->person || h->speaker ? "  " : "",
						time);
			govrec_buf_addch(b, '\n');
		}
		govrec_buf_adds(b, "    ");
		add_snippet(b, h->snippet, o->c->color);
		govrec_buf_addch(b, '\n');
		break;
	}
	cli_write(b->data, b->len);
	govrec_buf_reset(b);
	govrec_buf_release(&snip);
	return 0;
}

/* `name:"value"` for a saved query, quotes in the value doubled. */
static void add_term(struct govrec_buf *b, const char *field, const char *value)
{
	const char *c;

	govrec_buf_addf(b, "%s%s:\"", b->len ? " " : "", field);
	for (c = value; *c; c++) {
		if (*c == '"')
			govrec_buf_addch(b, '"');
		govrec_buf_addch(b, *c);
	}
	govrec_buf_addch(b, '"');
}

static int print_saved(const char *name, const char *query, void *ctx)
{
	struct out *o = ctx;

	o->count++;
	if (o->fmt == FMT_JSON) {
		govrec_json_object(&o->j);
		govrec_json_kstr(&o->j, "name", name);
		govrec_json_kstr(&o->j, "query", query);
		govrec_json_end(&o->j);
	} else if (o->fmt == FMT_CSV) {
		if (o->count == 1)
			govrec_buf_adds(&o->b, "name,query\r\n");
		csv_field(&o->b, name, 0);
		csv_field(&o->b, query, 1);
	} else {
		govrec_buf_add_safe(&o->b, name, 0);
		govrec_buf_adds(&o->b, "\t");
		govrec_buf_add_safe(&o->b, query, 0);
		govrec_buf_addch(&o->b, '\n');
	}
	cli_write(o->b.data, o->b.len);
	govrec_buf_reset(&o->b);
	return 0;
}

static int list_saved(struct cli *c, struct out *o)
{
	int rc;

	if (o->fmt == FMT_JSON)
		govrec_json_array(&o->j);
	rc = govrec_saved_search_each(c->st, print_saved, o, &c->err);
	if (o->fmt == FMT_JSON) {
		govrec_json_end(&o->j);
		cli_write(o->b.data, o->b.len);
	} else if (rc == GOVREC_OK && o->count == 0 && o->fmt == FMT_TEXT) {
		cli_printf("no saved searches: save one with 'govrec search --save NAME QUERY'\n");
	}
	return rc;
}

static int parse_format(struct cli *c, const char *s, enum format *fmt)
{
	static const struct {
		const char *name;
		enum format fmt;
	} formats[] = { { "text", FMT_TEXT }, { "json", FMT_JSON }, { "csv", FMT_CSV } };
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(s, formats[i].name) == 0) {
			*fmt = formats[i].fmt;
			return 0;
		}
	cli_usage(c, "--format must be text, json or csv");
	return -1;
}

int cmd_search(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "meeting", required_argument, NULL, 'm' },
		{ "speaker", required_argument, NULL, 's' },
		{ "since", required_argument, NULL, 'S' },
		{ "until", required_argument, NULL, 'U' },
		{ "limit", required_argument, NULL, 'n' },
		{ "offset", required_argument, NULL, 'o' },
		{ "regex", required_argument, NULL, 'e' },
		{ "count", no_argument, NULL, 'c' },
		{ "raw", no_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "save", required_argument, NULL, 1001 },
		{ "list-saved", no_argument, NULL, 1002 },
		{ "json", no_argument, NULL, 1003 },
		{ NULL, 0, NULL, 0 }
	};
	struct opt_filter filters[32];
	size_t nfilters = 0, i;
	struct govrec_query q;
	struct govrec_search s = { NULL, NULL, DEFAULT_LIMIT, 0 };
	struct govrec_buf text = GOVREC_BUF_INIT, saved_text = GOVREC_BUF_INIT;
	struct out o;
	const char *save = NULL;
	char *saved = NULL;
	int count = 0, raw = 0, list = 0, opt, rc = GOVREC_OK, replaced = 0;
	enum format fmt = c->json ? FMT_JSON : FMT_TEXT;

	govrec_query_init(&q);
	memset(&o, 0, sizeof(o));
	govrec_buf_init(&o.b);
	while ((opt = cli_getopt(c, argc, argv, opts)) != -1) {
		const char *field = NULL, *name = NULL, *suffix = "", *prefix = "";

		switch (opt) {
		case 'k': field = name = "kind"; break;
		case 'm': field = name = "meeting"; break;
		case 's': field = name = "speaker"; break;
		case 'S': field = "date"; name = "since"; suffix = ".."; break;
		case 'U': field = "date"; name = "until"; prefix = ".."; break;
		case 'n':
			if (cli_int(c, "--limit", cli_optarg, 0, 1000000000, &s.limit))
				rc = GOVREC_INVALID;
			break;
		case 'o':
			if (cli_int(c, "--offset", cli_optarg, 0, 1000000000, &s.offset))
				rc = GOVREC_INVALID;
			break;
		case 'e': s.regex = cli_optarg; break;
		case 'c': count = 1; break;
		case 'r': raw = 1; break;
		case 'f':
			if (parse_format(c, cli_optarg, &fmt))
				rc = GOVREC_INVALID;
			break;
		case 1001: save = cli_optarg; break;
		case 1002: list = 1; break;
		case 1003: fmt = FMT_JSON; break;
		case CLI_OPT_HELP: goto out;
		default: rc = GOVREC_INVALID; goto out;
		}
		if (rc != GOVREC_OK)
			goto out;
		if (field) {
			struct govrec_buf v = GOVREC_BUF_INIT;

			if (nfilters == sizeof(filters) / sizeof(filters[0])) {
				rc = cli_usage(c, "too many field options");
				goto out;
			}
			govrec_buf_addf(&v, "%s%s%s", prefix, cli_optarg, suffix);
			filters[nfilters].field = field;
			filters[nfilters].option = name;
			filters[nfilters++].value = govrec_buf_detach(&v, NULL);
		}
	}
	o.c = c;
	o.fmt = fmt;
	govrec_json_init(&o.j, &o.b);

	if (list) {
		if (cli_optind < argc || save) {
			rc = cli_usage(c, "--list-saved takes no query");
			goto out;
		}
	} else if (cli_optind >= argc) {
		rc = cli_usage(c, "a query is needed");
		goto out;
	}
	if (save && raw) {
		rc = cli_usage(c, "a --raw query cannot be saved: save it without --raw");
		goto out;
	}
	rc = govrec_store_open(c->db_path, save ? GOVREC_STORE_WRITE : GOVREC_STORE_READONLY,
			       &c->st, &c->err);
	if (rc != GOVREC_OK)
		goto out;
	govrec_store_set_actor(c->st, c->actor);
	if (list) {
		rc = list_saved(c, &o);
		goto out;
	}

	/* The query: the operands joined, the first may name a saved search. */
	for (i = (size_t)cli_optind; i < (size_t)argc; i++) {
		const char *w = argv[i];

		if (i == (size_t)cli_optind && w[0] == '@') {
			rc = govrec_saved_search_get(c->st, w + 1, &saved, &c->err);
			if (rc != GOVREC_OK)
				goto out;
			w = saved;
		}
		govrec_buf_addf(&text, "%s%s", text.len ? " " : "", w);
	}
	for (i = 0; i < nfilters; i++) {
		rc = govrec_query_add_filter(&q, filters[i].field, filters[i].value, &c->err);
		if (rc != GOVREC_OK) {
			govrec_error_prefix(&c->err, "--%s", filters[i].option);
			goto out;
		}
	}
	if (!raw || text.len)
		rc = govrec_query_parse(&q, text.data, raw ? GOVREC_QUERY_RAW : 0, &c->err);
	if (rc != GOVREC_OK)
		goto out;
	s.query = &q;

	if (save) {
		govrec_buf_adds(&saved_text, text.data);
		for (i = 0; i < nfilters; i++)
			add_term(&saved_text, filters[i].field, filters[i].value);
		rc = govrec_saved_search_put(c->st, save, saved_text.data, &replaced, &c->err);
		if (rc != GOVREC_OK)
			goto out;
		/* A confirmation, not an error: stdout, and only where it cannot
		 * break output a program reads (JSON, CSV, a bare count). */
		if (fmt == FMT_TEXT && !count)
			cli_printf("%s search '%s'\n", replaced ? "replaced saved" : "saved", save);
	}

	if (count) {
		int64_t n = 0;

		rc = govrec_search_count(c->st, &s, &n, &c->err);
		if (rc != GOVREC_OK)
			goto out;
		if (fmt == FMT_JSON)
			cli_printf("{\n  \"count\": %lld\n}\n", (long long)n);
		else if (fmt == FMT_CSV)
			cli_printf("count\r\n%lld\r\n", (long long)n);
		else
			cli_printf("%lld\n", (long long)n);
		goto out;
	}

	if (fmt == FMT_JSON) {
		govrec_json_object(&o.j);
		govrec_json_kstr(&o.j, "query", text.data);
		govrec_json_kstr(&o.j, "match", q.match);
		govrec_json_key(&o.j, "filters");
		govrec_json_array(&o.j);
		for (i = 0; i < q.nfilters; i++) {
			govrec_json_object(&o.j);
			govrec_json_kstr(&o.j, "field", govrec_field_name(q.filters[i].field));
			govrec_json_kstr(&o.j, "value", q.filters[i].value);
			govrec_json_end(&o.j);
		}
		govrec_json_end(&o.j);
		govrec_json_kint(&o.j, "limit", s.limit);
		govrec_json_kint(&o.j, "offset", s.offset);
		govrec_json_key(&o.j, "hits");
		govrec_json_array(&o.j);
	} else if (fmt == FMT_CSV) {
		govrec_buf_adds(&o.b, csv_header);
	}
	cli_write(o.b.data, o.b.len);
	govrec_buf_reset(&o.b);
	rc = govrec_search_run(c->st, &s, print_hit, &o, &c->err);
	if (rc != GOVREC_OK)
		goto out;
	if (fmt == FMT_JSON) {
		govrec_json_end(&o.j);
		govrec_json_end(&o.j);
		cli_write(o.b.data, o.b.len);
	} else if (fmt == FMT_TEXT && o.count == 0) {
		cli_printf("no passages match\n");
	}
out:
	for (i = 0; i < nfilters; i++)
		free(filters[i].value);
	free(saved);
	govrec_query_release(&q);
	govrec_buf_release(&text);
	govrec_buf_release(&saved_text);
	govrec_buf_release(&o.b);
	return rc;
}
