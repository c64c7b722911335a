/*
 * cmd-metric.c - `govrec metric list|show|import`: the Annex A section 2
 * catalog as it stood on a date, one metric's history, and loading catalog
 * files.  The printing of metric values is shared with cmd-proposal.c
 * through metric-out.h.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "govrec/metric.h"
#include "govrec/util.h"
#include "metric-out.h"
#include "plural.h"

void cli_values_json(struct govrec_json *j, const struct govrec_metric_values *v)
{
	if (v->removed) {
		govrec_json_key(j, "threshold");
		govrec_json_null(j);
		govrec_json_kstr(j, "unit", NULL);
		govrec_json_key(j, "threshold_seconds");
		govrec_json_null(j);
		govrec_json_kstr(j, "type", NULL);
		govrec_json_key(j, "target_percent");
		govrec_json_null(j);
		govrec_json_kstr(j, "period", NULL);
		govrec_json_kbool(j, "removed", 1);
		return;
	}
	govrec_json_kint(j, "threshold", v->threshold);
	govrec_json_kstr(j, "unit", v->unit);
	govrec_json_kint(j, "threshold_seconds", v->threshold * govrec_unit_seconds(v->unit));
	govrec_json_kstr(j, "type", v->type);
	govrec_json_key(j, "target_percent");
	govrec_json_real(j, v->target_percent);
	govrec_json_kstr(j, "period", v->period);
	govrec_json_kbool(j, "removed", 0);
}

void cli_values_kjson(struct govrec_json *j, const char *key, int present,
		      const struct govrec_metric_values *v)
{
	govrec_json_key(j, key);
	if (!present) {
		govrec_json_null(j);
		return;
	}
	govrec_json_object(j);
	cli_values_json(j, v);
	govrec_json_end(j);
}

void cli_values_text(const struct govrec_metric_values *v, char *out, size_t size)
{
	char t[40];

	if (v->removed) {
		snprintf(out, size, "removed");
		return;
	}
	govrec_threshold_format(v->threshold, v->unit, t, sizeof(t));
	snprintf(out, size, "%s %s %g%%", t, v->type, v->target_percent);
}

/* --at D, or today. */
static int at_date(struct cli *c, const char *arg, char out[11])
{
	if (!arg) {
		govrec_date_today(out);
		return 0;
	}
	if (cli_date(c, "--at", arg))
		return -1;
	snprintf(out, 11, "%s", arg);
	return 0;
}

static int list_one(const struct govrec_metric_row *r, void *ctx)
{
	struct cli_list *l = ctx;
	char v[80];

	l->count++;
	if (l->j) {
		govrec_json_object(l->j);
		govrec_json_kstr(l->j, "id", r->id);
		govrec_json_kstr(l->j, "category", r->category);
		govrec_json_kstr(l->j, "phase", r->phase);
		govrec_json_kstr(l->j, "name", r->name);
		cli_values_json(l->j, r->v);
		govrec_json_kstr(l->j, "effective_from", r->effective_from);
		govrec_json_kstr(l->j, "proposal", r->proposal_ref);
		govrec_json_end(l->j);
		return 0;
	}
	cli_values_text(r->v, v, sizeof(v));
	cli_printf("%-4s ", r->category);
	cli_print_safe(r->id);
	cli_printf("  %s  (from %s", v, r->effective_from);
	if (r->proposal_ref) {
		cli_printf(", ");
		cli_print_safe(r->proposal_ref);
	}
	cli_printf(")\n");
	return 0;
}

int cmd_metric_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "category", required_argument, NULL, 'c' },
		{ "at", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_list l;
	const char *category = NULL, *at_arg = NULL;
	char at[11];
	int o, rc;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 'c': category = cli_optarg; break;
		case 'a': at_arg = cli_optarg; break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (cli_optind < argc)
		return cli_usage(c, "unexpected argument '%s'", argv[cli_optind]);
	if (at_date(c, at_arg, at))
		return GOVREC_INVALID;
	cli_list_begin(c, &l);
	rc = govrec_metric_each(c->st, category, at, list_one, &l, &c->err);
	if (rc == GOVREC_OK && !c->json && l.count == 0)
		cli_printf("no metrics in force on %s%s\n", at, category ? " in that category" : "");
	return cli_list_end(&l, rc);
}

static void version_json(struct govrec_json *j, const struct govrec_metric_version *v)
{
	govrec_json_object(j);
	cli_values_json(j, &v->v);
	govrec_json_kstr(j, "effective_from", v->effective_from);
	govrec_json_kstr(j, "effective_to", v->effective_to[0] ? v->effective_to : NULL);
	govrec_json_kstr(j, "source", v->source);
	govrec_json_kstr(j, "proposal", v->proposal_ref);
	govrec_json_end(j);
}

static void metric_json(struct govrec_json *j, const struct govrec_metric *m)
{
	size_t i;

	govrec_json_object(j);
	govrec_json_kstr(j, "id", m->id);
	govrec_json_kstr(j, "category", m->category);
	govrec_json_kstr(j, "phase", m->phase);
	govrec_json_kstr(j, "name", m->name);
	govrec_json_kstr(j, "description", m->description);
	govrec_json_kstr(j, "at", m->at);
	govrec_json_kbool(j, "in_force", m->in_force && !m->current.v.removed);
	govrec_json_key(j, "version");
	if (m->in_force)
		version_json(j, &m->current);
	else
		govrec_json_null(j);
	govrec_json_key(j, "versions");
	govrec_json_array(j);
	for (i = 0; i < m->nversions; i++)
		version_json(j, &m->versions[i]);
	govrec_json_end(j);
	govrec_json_key(j, "proposals");
	govrec_json_array(j);
	for (i = 0; i < m->nproposals; i++) {
		const struct govrec_metric_proposal *p = &m->proposals[i];

		govrec_json_object(j);
		govrec_json_kstr(j, "ref", p->ref);
		govrec_json_kstr(j, "title", p->title);
		govrec_json_kstr(j, "state", p->state);
		govrec_json_kstr(j, "action", p->action);
		cli_values_kjson(j, "from", p->has_from, &p->from);
		cli_values_kjson(j, "to", p->has_to, &p->to);
		govrec_json_end(j);
	}
	govrec_json_end(j);
	govrec_json_end(j);
}

static void version_line(const struct govrec_metric_version *v)
{
	char text[80];

	cli_values_text(&v->v, text, sizeof(text));
	cli_printf("  %s .. %-10s  %s", v->effective_from, v->effective_to[0] ? v->effective_to : "",
		   text);
	if (v->proposal_ref) {
		cli_printf("  by proposal ");
		cli_print_safe(v->proposal_ref);
	} else if (v->source) {
		cli_printf("  source: ");
		cli_print_safe(v->source);
	}
	cli_printf("\n");
}

static void metric_text(const struct govrec_metric *m)
{
	char text[80];
	size_t i;

	cli_printf("metric ");
	cli_print_safe(m->id);
	cli_printf("\ncategory: ");
	cli_print_safe(m->category);
	cli_printf("\nphase: ");
	cli_print_safe(m->phase);
	cli_printf("\nname: ");
	cli_print_safe(m->name);
	if (m->description) {
		cli_printf("\ndescription: ");
		cli_print_safe(m->description);
	}
	cli_printf("\non %s: ", m->at);
	if (!m->in_force) {
		cli_printf("no version in force\n");
	} else {
		cli_values_text(&m->current.v, text, sizeof(text));
		cli_printf("%s%s (in force from %s%s%s", text,
			   m->current.v.removed ? "" : " per month", m->current.effective_from,
			   m->current.effective_to[0] ? " to " : "", m->current.effective_to);
		if (m->current.proposal_ref) {
			cli_printf(", set by proposal ");
			cli_print_safe(m->current.proposal_ref);
		}
		cli_printf(")\n");
	}
	cli_printf("versions:%s\n", m->nversions ? "" : " none");
	for (i = 0; i < m->nversions; i++)
		version_line(&m->versions[i]);
	cli_printf("proposals:%s\n", m->nproposals ? "" : " none");
	for (i = 0; i < m->nproposals; i++) {
		const struct govrec_metric_proposal *p = &m->proposals[i];
		char from[80], to[80];

		cli_printf("  ");
		cli_print_safe(p->ref);
		cli_printf("  %s  %s: ", p->state, p->action);
		if (p->has_from)
			cli_values_text(&p->from, from, sizeof(from));
		else
			snprintf(from, sizeof(from), "%s", strcmp(p->action, "new") == 0 ? "(new)" : "(unknown)");
		if (p->has_to)
			cli_values_text(&p->to, to, sizeof(to));
		else
			snprintf(to, sizeof(to), "removed");
		cli_printf("%s -> %s  ", from, to);
		cli_print_safe(p->title);
		cli_printf("\n");
	}
}

int cmd_metric_show(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "at", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	struct govrec_metric m;
	const char *at_arg = NULL;
	char at[11];
	int o, rc;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 'a': at_arg = cli_optarg; break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (argc - cli_optind != 1)
		return cli_usage(c, "one metric id is needed");
	if (at_date(c, at_arg, at))
		return GOVREC_INVALID;
	rc = govrec_metric_load(c->st, argv[cli_optind], at, &m, &c->err);
	if (rc != GOVREC_OK)
		return rc;
	if (c->json) {
		struct govrec_buf b = GOVREC_BUF_INIT;
		struct govrec_json j;

		govrec_json_init(&j, &b);
		metric_json(&j, &m);
		cli_print_json(&b);
		govrec_buf_release(&b);
	} else {
		metric_text(&m);
	}
	govrec_metric_release(&m);
	return GOVREC_OK;
}

int cmd_metric_import(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	struct govrec_metric_import_result r;
	int o, rc;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1)
		return o == CLI_OPT_HELP ? GOVREC_OK : GOVREC_INVALID;
	if (argc - cli_optind != 1)
		return cli_usage(c, "one catalog file (or - for standard input) is needed");
	rc = govrec_metric_import_file(c->st, argv[cli_optind], &r, &c->err);
	if (rc != GOVREC_OK)
		return rc;
	if (c->json) {
		cli_printf("{\n  \"rows\": %d,\n  \"metrics_added\": %d,\n  \"versions_added\": %d,\n"
			   "  \"unchanged\": %d\n}\n",
			   r.rows, r.metrics_added, r.versions_added, r.unchanged);
		return GOVREC_OK;
	}
	cli_printf("imported ");
	cli_print_safe(argv[cli_optind]);
	cli_printf(": %d %s, %d new %s, %d new %s, %d unchanged\n", r.rows,
		   cli_plural((unsigned)r.rows, "row", "rows"), r.metrics_added,
		   cli_plural((unsigned)r.metrics_added, "metric", "metrics"), r.versions_added,
		   cli_plural((unsigned)r.versions_added, "version", "versions"), r.unchanged);
	return GOVREC_OK;
}
