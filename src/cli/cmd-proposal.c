/*
 * cmd-proposal.c - `govrec proposal new|change|advance|list|show|timeline|link`:
 * SLE/SLA change proposals from recommendation to live.  The rules live in
 * records/proposal.c and the state table in records/workflow.c; this file
 * parses arguments and prints.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "govrec/proposal.h"
#include "govrec/util.h"
#include "metric-out.h"
#include "plural.h"

int cmd_proposal_new(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "title", required_argument, NULL, 't' },
		{ "originator", required_argument, NULL, 'o' },
		{ "type", required_argument, NULL, 'y' },
		{ "date", required_argument, NULL, 'd' },
		{ "rationale", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	struct govrec_proposal_new n;
	struct govrec_proposal p;
	int64_t type = 0;
	int o, rc;

	memset(&n, 0, sizeof(n));
	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 't': n.title = cli_optarg; break;
		case 'o': n.originator = cli_optarg; break;
		case 'y':
			if (cli_int(c, "--type", cli_optarg, 1, 4, &type))
				return GOVREC_INVALID;
			break;
		case 'd':
			n.date = cli_optarg;
			if (cli_date(c, "--date", n.date))
				return GOVREC_INVALID;
			break;
		case 'r': n.rationale = cli_optarg; break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (argc - cli_optind != 1)
		return cli_usage(c, "one proposal reference is needed");
	if (!n.title || !n.originator || !type)
		return cli_usage(c, "--title, --originator and --type are needed");
	n.ref = argv[cli_optind];
	n.change_type = (int)type;
	rc = govrec_proposal_new(c->st, &n, &c->err);
	if (rc != GOVREC_OK)
		return rc;
	rc = govrec_proposal_load(c->st, n.ref, &p, &c->err);
	if (rc != GOVREC_OK)
		return rc;
	if (c->json) {
		struct govrec_buf b = GOVREC_BUF_INIT;
		struct govrec_json j;

		govrec_json_init(&j, &b);
		govrec_json_object(&j);
		govrec_json_kstr(&j, "ref", p.ref);
		govrec_json_kstr(&j, "state", p.state);
		govrec_json_kstr(&j, "date", p.date);
		govrec_json_kint(&j, "document_id", p.document_id);
		govrec_json_end(&j);
		cli_print_json(&b);
		govrec_buf_release(&b);
	} else {
		cli_printf("recorded proposal ");
		cli_print_safe(p.ref);
		cli_printf(" (type %d, %s), state %s; its text is document %lld\n", p.change_type,
			   p.date, p.state, (long long)p.document_id);
	}
	govrec_proposal_release(&p);
	return GOVREC_OK;
}

static void change_json(struct govrec_json *j, const struct govrec_proposal_change_row *ch)
{
	govrec_json_object(j);
	govrec_json_kstr(j, "metric_id", ch->metric_id);
	govrec_json_kstr(j, "action", ch->action);
	cli_values_kjson(j, "from", ch->has_from, &ch->from);
	cli_values_kjson(j, "to", ch->has_to, &ch->to);
	govrec_json_kstr(j, "category", ch->category);
	govrec_json_kstr(j, "phase", ch->phase);
	govrec_json_kstr(j, "name", ch->name);
	govrec_json_kstr(j, "description", ch->description);
	govrec_json_end(j);
}

static void change_text(const struct govrec_proposal_change_row *ch)
{
	char from[80], to[80];

	if (ch->has_from)
		cli_values_text(&ch->from, from, sizeof(from));
	else
		snprintf(from, sizeof(from), "%s",
			 strcmp(ch->action, "new") == 0 ? "(new metric)" : "(no version in force)");
	if (ch->has_to)
		cli_values_text(&ch->to, to, sizeof(to));
	else
		snprintf(to, sizeof(to), "removed");
	cli_printf("  ");
	cli_print_safe(ch->metric_id);
	cli_printf("  %s -> %s", from, to);
	if (ch->name) {
		/* A new metric has its category and phase; a renamed one only its name. */
		const char *sep = "";

		cli_printf("  (");
		if (ch->category && *ch->category) {
			cli_print_safe(ch->category);
			sep = ": ";
		}
		if (ch->phase && *ch->phase) {
			cli_printf("%s", *sep ? ", " : "");
			cli_print_safe(ch->phase);
			sep = ": ";
		}
		cli_printf("%s", sep);
		cli_print_safe(ch->name);
		cli_printf(")");
	}
	cli_printf("\n");
}

int cmd_proposal_change(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "threshold", required_argument, NULL, 'T' },
		{ "target", required_argument, NULL, 'g' },
		{ "type", required_argument, NULL, 'y' },
		{ "new-metric", no_argument, NULL, 'N' },
		{ "remove", no_argument, NULL, 'R' },
		{ "category", required_argument, NULL, 'c' },
		{ "phase", required_argument, NULL, 'p' },
		{ "name", required_argument, NULL, 'n' },
		{ "description", required_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 }
	};
	struct govrec_change_spec s;
	struct govrec_proposal p;
	int is_new = 0, is_remove = 0, o, rc;
	size_t i;

	memset(&s, 0, sizeof(s));
	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 'T':
			if (govrec_threshold_parse(cli_optarg, &s.threshold, &s.unit, &c->err) !=
			    GOVREC_OK) {
				c->show_usage = 1;
				return GOVREC_INVALID;
			}
			s.has_threshold = 1;
			break;
		case 'g': {
			char *end;

			s.target_percent = strtod(cli_optarg, &end);
			/* digits, an optional fraction and an optional '%': "95", "99.5%" */
			if (!((*cli_optarg >= '0' && *cli_optarg <= '9') || *cli_optarg == '.') ||
			    (*end == '%' ? end[1] : *end) != '\0' ||
			    !(s.target_percent >= 0 && s.target_percent <= 100))
				return cli_usage(c, "--target '%.20s' is not a percentage (0-100)",
						 cli_optarg);
			s.has_target = 1;
			break;
		}
		case 'y':
			if (strcmp(cli_optarg, "Max") == 0 || strcmp(cli_optarg, "max") == 0)
				s.type = "Max";
			else if (strcmp(cli_optarg, "Min") == 0 || strcmp(cli_optarg, "min") == 0)
				s.type = "Min";
			else
				return cli_usage(c, "--type '%.20s' is not Max or Min", cli_optarg);
			break;
		case 'N': is_new = 1; break;
		case 'R': is_remove = 1; break;
		case 'c': s.category = cli_optarg; break;
		case 'p': s.phase = cli_optarg; break;
		case 'n': s.name = cli_optarg; break;
		case 'D': s.description = cli_optarg; break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (argc - cli_optind != 2)
		return cli_usage(c, "a proposal reference and a metric id are needed");
	if (is_new && is_remove)
		return cli_usage(c, "--new-metric and --remove do not go together");
	s.ref = argv[cli_optind];
	s.metric = argv[cli_optind + 1];
	s.action = is_new ? "new" : is_remove ? "remove" : "change";
	rc = govrec_proposal_change(c->st, &s, &c->err);
	if (rc != GOVREC_OK)
		return rc;
	rc = govrec_proposal_load(c->st, s.ref, &p, &c->err);
	if (rc != GOVREC_OK)
		return rc;
	for (i = 0; i < p.nchanges && strcmp(p.changes[i].metric_id, s.metric) != 0; i++)
		;
	if (i == p.nchanges) {
		govrec_proposal_release(&p);
		return govrec_error_set(&c->err, GOVREC_ERROR, "internal: the change was not kept");
	}
	if (c->json) {
		struct govrec_buf b = GOVREC_BUF_INIT;
		struct govrec_json j;

		govrec_json_init(&j, &b);
		change_json(&j, &p.changes[i]);
		cli_print_json(&b);
		govrec_buf_release(&b);
	} else {
		cli_print_safe(p.ref);
		cli_printf(":\n");
		change_text(&p.changes[i]);
	}
	govrec_proposal_release(&p);
	return GOVREC_OK;
}

int cmd_proposal_advance(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "actor", required_argument, NULL, 'a' },
		{ "note", required_argument, NULL, 'n' },
		{ "meeting", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	struct govrec_advance a;
	struct govrec_proposal p;
	int o, rc;

	memset(&a, 0, sizeof(a));
	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 'd':
			a.date = cli_optarg;
			if (cli_date(c, "--date", a.date))
				return GOVREC_INVALID;
			break;
		case 'a': a.actor = cli_optarg; break;
		case 'n': a.note = cli_optarg; break;
		case 'm':
			if (cli_int(c, "--meeting", cli_optarg, 1, 1000000, &a.meeting))
				return GOVREC_INVALID;
			break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (argc - cli_optind != 2)
		return cli_usage(c, "a proposal reference and a state are needed");
	if (!a.date)
		return cli_usage(c, "--date is needed (the day it happened)");
	a.ref = argv[cli_optind];
	a.to = argv[cli_optind + 1];
	if (!govrec_event_valid(a.to)) {
		struct govrec_buf safe = GOVREC_BUF_INIT;

		govrec_buf_add_safe(&safe, a.to, 40);
		cli_usage(c, "'%s' is not a proposal state", safe.data);
		govrec_buf_release(&safe);
		return GOVREC_INVALID;
	}
	rc = govrec_proposal_advance(c->st, &a, &c->err);
	if (rc != GOVREC_OK)
		return rc;
	rc = govrec_proposal_load(c->st, a.ref, &p, &c->err);
	if (rc != GOVREC_OK)
		return rc;
	if (c->json) {
		struct govrec_buf b = GOVREC_BUF_INIT;
		struct govrec_json j;

		govrec_json_init(&j, &b);
		govrec_json_object(&j);
		govrec_json_kstr(&j, "ref", p.ref);
		govrec_json_kstr(&j, "event", a.to);
		govrec_json_kstr(&j, "date", a.date);
		govrec_json_kstr(&j, "state", p.state);
		govrec_json_end(&j);
		cli_print_json(&b);
		govrec_buf_release(&b);
	} else {
		cli_print_safe(p.ref);
		if (strcmp(a.to, p.state) == 0)
			cli_printf(": %s on %s\n", p.state, a.date);
		else
			cli_printf(": %s recorded on %s (still %s)\n", a.to, a.date, p.state);
		if (strcmp(p.state, "live") == 0)
			cli_printf("%zu metric version%s in force from %s\n", p.nchanges,
				   p.nchanges == 1 ? "" : "s", a.date);
	}
	govrec_proposal_release(&p);
	return GOVREC_OK;
}

static int list_one(const struct govrec_proposal_row *r, void *ctx)
{
	struct cli_list *l = ctx;

	l->count++;
	if (l->j) {
		govrec_json_object(l->j);
		govrec_json_kstr(l->j, "ref", r->ref);
		govrec_json_kstr(l->j, "title", r->title);
		govrec_json_kstr(l->j, "originator", r->originator);
		govrec_json_kint(l->j, "change_type", r->change_type);
		govrec_json_kstr(l->j, "date", r->date);
		govrec_json_kstr(l->j, "state", r->state);
		govrec_json_kint(l->j, "changes", r->changes);
		govrec_json_kstr(l->j, "last_event_date", r->last_date);
		govrec_json_end(l->j);
		return 0;
	}
	cli_print_safe(r->ref);
	cli_printf("  %s  type %d  %-16s  since %s  %d metric%s  ", r->date, r->change_type,
		   r->state, r->last_date, r->changes, r->changes == 1 ? "" : "s");
	cli_print_safe(r->title);
	cli_printf("\n");
	return 0;
}

int cmd_proposal_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "state", required_argument, NULL, 's' },
		{ "metric", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_list l;
	const char *state = NULL, *metric = NULL;
	int o, rc;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 's': state = cli_optarg; break;
		case 'm': metric = cli_optarg; break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (cli_optind < argc)
		return cli_usage(c, "unexpected argument '%s'", argv[cli_optind]);
	if (state && !govrec_state_valid(state))
		return cli_usage(c, "--state '%.40s' is not a proposal state", state);
	cli_list_begin(c, &l);
	rc = govrec_proposal_each(c->st, state, metric, list_one, &l, &c->err);
	/* No proposal names it and the catalog has no such metric: 1, as metric show. */
	if (rc == GOVREC_OK && metric && l.count == 0 && !govrec_metric_exists(c->st, metric))
		rc = govrec_error_set(&c->err, GOVREC_NOTFOUND, "no metric '%.100s'", metric);
	if (rc == GOVREC_OK && !c->json && l.count == 0)
		cli_printf("no proposals%s\n", state || metric ? " match" : " yet");
	return cli_list_end(&l, rc);
}

static void proposal_json(struct govrec_json *j, const struct govrec_proposal *p)
{
	size_t i;

	govrec_json_object(j);
	govrec_json_kstr(j, "ref", p->ref);
	govrec_json_kstr(j, "title", p->title);
	govrec_json_kstr(j, "originator", p->originator);
	govrec_json_kint(j, "change_type", p->change_type);
	govrec_json_kstr(j, "date", p->date);
	govrec_json_kstr(j, "state", p->state);
	govrec_json_key(j, "document_id");
	if (p->document_id)
		govrec_json_int(j, p->document_id);
	else
		govrec_json_null(j);
	govrec_json_key(j, "changes");
	govrec_json_array(j);
	for (i = 0; i < p->nchanges; i++)
		change_json(j, &p->changes[i]);
	govrec_json_end(j);
	govrec_json_key(j, "events");
	govrec_json_array(j);
	for (i = 0; i < p->nevents; i++) {
		const struct govrec_proposal_event *e = &p->events[i];

		govrec_json_object(j);
		govrec_json_kstr(j, "state", e->state);
		govrec_json_kstr(j, "date", e->date);
		govrec_json_kstr(j, "actor", e->actor);
		govrec_json_kstr(j, "note", e->note);
		govrec_json_key(j, "meeting");
		if (e->meeting)
			govrec_json_int(j, e->meeting);
		else
			govrec_json_null(j);
		govrec_json_key(j, "document_id");
		if (e->document_id)
			govrec_json_int(j, e->document_id);
		else
			govrec_json_null(j);
		govrec_json_end(j);
	}
	govrec_json_end(j);
	govrec_json_key(j, "meetings");
	govrec_json_array(j);
	for (i = 0; i < p->nmeetings; i++)
		govrec_json_int(j, p->meetings[i]);
	govrec_json_end(j);
	govrec_json_key(j, "documents");
	govrec_json_array(j);
	for (i = 0; i < p->ndocuments; i++) {
		govrec_json_object(j);
		govrec_json_kint(j, "id", p->documents[i].id);
		govrec_json_kstr(j, "kind", p->documents[i].kind);
		govrec_json_kstr(j, "title", p->documents[i].title);
		govrec_json_kstr(j, "date", p->documents[i].date);
		govrec_json_end(j);
	}
	govrec_json_end(j);
	govrec_json_end(j);
}

static void proposal_text(const struct govrec_proposal *p)
{
	size_t i;

	cli_printf("proposal ");
	cli_print_safe(p->ref);
	cli_printf("  ");
	cli_print_safe(p->title);
	cli_printf("\noriginator: %s  type: %d  date: %s  state: %s\n", p->originator,
		   p->change_type, p->date, p->state);
	if (p->document_id)
		cli_printf("text: document %lld\n", (long long)p->document_id);
	cli_printf("metrics:%s\n", p->nchanges ? "" : " none yet");
	for (i = 0; i < p->nchanges; i++)
		change_text(&p->changes[i]);
	cli_printf("events:\n");
	for (i = 0; i < p->nevents; i++) {
		const struct govrec_proposal_event *e = &p->events[i];

		cli_printf("  %s  %-16s", e->date, e->state);
		if (e->actor) {
			cli_printf("  by ");
			cli_print_safe(e->actor);
		}
		if (e->meeting)
			cli_printf("  at meeting %lld", (long long)e->meeting);
		if (e->note) {
			cli_printf("  ");
			cli_print_safe(e->note);
		}
		cli_printf("\n");
	}
	if (p->nmeetings) {
		cli_printf("meetings:");
		for (i = 0; i < p->nmeetings; i++)
			cli_printf(" %lld", (long long)p->meetings[i]);
		cli_printf("\n");
	}
	if (p->ndocuments) {
		cli_printf("documents:\n");
		for (i = 0; i < p->ndocuments; i++) {
			cli_printf("  %lld  %s  ", (long long)p->documents[i].id,
				   p->documents[i].kind);
			cli_print_safe(p->documents[i].title);
			cli_printf("\n");
		}
	}
}

/* Parses the one REF operand of show and timeline and loads it. */
static int load_one(struct cli *c, int argc, char **argv, struct govrec_proposal *p)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	int o;

	memset(p, 0, sizeof(*p));
	while ((o = cli_getopt(c, argc, argv, opts)) != -1)
		return o == CLI_OPT_HELP ? -1 : GOVREC_INVALID;
	if (argc - cli_optind != 1)
		return cli_usage(c, "one proposal reference is needed");
	return govrec_proposal_load(c->st, argv[cli_optind], p, &c->err);
}

int cmd_proposal_show(struct cli *c, int argc, char **argv)
{
	struct govrec_proposal p;
	int rc = load_one(c, argc, argv, &p);

	if (rc != GOVREC_OK)
		return rc < 0 ? GOVREC_OK : rc;
	if (c->json) {
		struct govrec_buf b = GOVREC_BUF_INIT;
		struct govrec_json j;

		govrec_json_init(&j, &b);
		proposal_json(&j, &p);
		cli_print_json(&b);
		govrec_buf_release(&b);
	} else {
		proposal_text(&p);
	}
	govrec_proposal_release(&p);
	return GOVREC_OK;
}

static void date_or_null(struct govrec_json *j, const char *key, const char *date)
{
	govrec_json_kstr(j, key, date);
}

int cmd_proposal_timeline(struct cli *c, int argc, char **argv)
{
	struct govrec_proposal p;
	struct govrec_timeline t;
	size_t i;
	int rc = load_one(c, argc, argv, &p);

	if (rc != GOVREC_OK)
		return rc < 0 ? GOVREC_OK : rc;
	govrec_proposal_timeline(&p, &t);
	if (c->json) {
		struct govrec_buf b = GOVREC_BUF_INIT;
		struct govrec_json j;

		govrec_json_init(&j, &b);
		govrec_json_object(&j);
		govrec_json_kstr(&j, "ref", p.ref);
		govrec_json_kstr(&j, "state", p.state);
		govrec_json_key(&j, "steps");
		govrec_json_array(&j);
		for (i = 0; i < t.nsteps; i++) {
			govrec_json_object(&j);
			govrec_json_kstr(&j, "state", t.steps[i].state);
			govrec_json_kstr(&j, "from", t.steps[i].from);
			govrec_json_kstr(&j, "to", t.steps[i].to);
			govrec_json_key(&j, "days");
			if (t.steps[i].days >= 0)
				govrec_json_int(&j, t.steps[i].days);
			else
				govrec_json_null(&j);
			govrec_json_end(&j);
		}
		govrec_json_end(&j);
		govrec_json_key(&j, "days_in_state");
		govrec_json_object(&j);
		for (i = 0; i < t.ntotals; i++)
			govrec_json_kint(&j, t.totals[i].state, t.totals[i].days);
		govrec_json_end(&j);
		date_or_null(&j, "recommended", t.recommended);
		date_or_null(&j, "ccnso_approved", t.ccnso_approved);
		date_or_null(&j, "gnso_approved", t.gnso_approved);
		date_or_null(&j, "live", t.live);
		govrec_json_key(&j, "total_days");
		if (t.total_days >= 0)
			govrec_json_int(&j, t.total_days);
		else
			govrec_json_null(&j);
		govrec_json_end(&j);
		cli_print_json(&b);
		govrec_buf_release(&b);
	} else {
		cli_print_safe(p.ref);
		cli_printf("  ");
		cli_print_safe(p.title);
		cli_printf("\n");
		for (i = 0; i < t.nsteps; i++) {
			const struct govrec_timeline_step *st = &t.steps[i];

			cli_printf("  %-16s  %s .. %-10s", st->state, st->from, st->to ? st->to : "");
			if (st->days >= 0)
				cli_printf("  %5lld day%s", (long long)st->days, st->days == 1 ? "" : "s");
			else if (govrec_state_open(st->state))
				cli_printf("  (current)");
			cli_printf("\n");
		}
		if (t.ccnso_approved)
			cli_printf("ccNSO Council approved on %s\n", t.ccnso_approved);
		if (t.gnso_approved)
			cli_printf("GNSO Council approved on %s\n", t.gnso_approved);
		if (t.total_days >= 0)
			cli_printf("total: %lld %s from recommendation (%s) to live (%s)\n",
				   (long long)t.total_days,
				   cli_plural((unsigned long long)t.total_days, "day", "days"),
				   t.recommended, t.live);
		else
			cli_printf("total: not live%s\n", t.recommended ? "" : ", not recommended");
	}
	govrec_timeline_release(&t);
	govrec_proposal_release(&p);
	return GOVREC_OK;
}

int cmd_proposal_link(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "meeting", required_argument, NULL, 'm' },
		{ "document", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	int64_t meeting = 0, document = 0;
	int o, rc;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 'm':
			if (cli_int(c, "--meeting", cli_optarg, 1, 1000000, &meeting))
				return GOVREC_INVALID;
			break;
		case 'd':
			if (cli_int(c, "--document", cli_optarg, 1, INT64_MAX, &document))
				return GOVREC_INVALID;
			break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (argc - cli_optind != 1)
		return cli_usage(c, "one proposal reference is needed");
	if ((meeting > 0) == (document > 0))
		return cli_usage(c, "give one of --meeting and --document");
	rc = govrec_proposal_link(c->st, argv[cli_optind], meeting, document, &c->err);
	if (rc != GOVREC_OK)
		return rc;
	if (c->json) {
		struct govrec_buf b = GOVREC_BUF_INIT;
		struct govrec_json j;

		govrec_json_init(&j, &b);
		govrec_json_object(&j);
		govrec_json_kstr(&j, "ref", argv[cli_optind]);
		govrec_json_kstr(&j, "to_kind", meeting ? "meeting" : "document");
		govrec_json_kint(&j, "to_id", meeting ? meeting : document);
		govrec_json_end(&j);
		cli_print_json(&b);
		govrec_buf_release(&b);
	} else {
		cli_printf("linked ");
		cli_print_safe(argv[cli_optind]);
		cli_printf(" to %s %lld\n", meeting ? "meeting" : "document",
			   (long long)(meeting ? meeting : document));
	}
	return GOVREC_OK;
}
