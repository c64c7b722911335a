/*
 * cmd-person.c - `govrec person add|alias|list|show`.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "govrec/person.h"

int cmd_person_add(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "alias", required_argument, NULL, 'a' },
		{ "role", required_argument, NULL, 'r' },
		{ "body", required_argument, NULL, 'b' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	const char **aliases = NULL;
	size_t naliases = 0;
	struct govrec_membership m;
	const char *from = NULL, *to = NULL;
	int64_t id;
	int o, rc = GOVREC_INVALID;

	memset(&m, 0, sizeof(m));
	aliases = calloc((size_t)argc, sizeof(*aliases));
	if (!aliases)
		return govrec_error_oom(&c->err);
	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 'a': aliases[naliases++] = cli_optarg; break;
		case 'r': m.role = cli_optarg; break;
		case 'b': m.body = cli_optarg; break;
		case 'f': from = cli_optarg; break;
		case 't': to = cli_optarg; break;
		case CLI_OPT_HELP: rc = GOVREC_OK; goto out;
		default: goto out;
		}
	}
	if (cli_optind >= argc) {
		cli_usage(c, "a name is needed");
		goto out;
	}
	if (cli_optind + 1 < argc) {
		cli_usage(c, "unexpected argument '%s' (quote a name with spaces)", argv[cli_optind + 1]);
		goto out;
	}
	if ((m.role || m.body || to) && !from) {
		cli_usage(c, "a membership needs --role and --from");
		goto out;
	}
	if (from && !m.role) {
		cli_usage(c, "a membership needs --role and --from");
		goto out;
	}
	if (from && (cli_date(c, "--from", from) || (to && cli_date(c, "--to", to))))
		goto out;
	if (from) {
		strcpy(m.from, from);
		if (to)
			strcpy(m.to, to);
	}
	rc = govrec_person_add(c->st, argv[cli_optind], aliases, naliases, from ? &m : NULL, &id,
			       &c->err);
	if (rc == GOVREC_OK) {
		if (c->json) {
			struct govrec_buf b = GOVREC_BUF_INIT;
			struct govrec_json j;

			govrec_json_init(&j, &b);
			govrec_json_object(&j);
			govrec_json_kint(&j, "id", id);
			govrec_json_kstr(&j, "name", argv[cli_optind]);
			govrec_json_end(&j);
			cli_print_json(&b);
			govrec_buf_release(&b);
		} else {
			cli_printf("added person %lld: ", (long long)id);
			cli_print_safe(argv[cli_optind]);
			cli_printf("\n");
		}
	}
out:
	free(aliases);
	return rc;
}

int cmd_person_alias(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	int64_t id;
	int o, rc;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1)
		return o == CLI_OPT_HELP ? GOVREC_OK : GOVREC_INVALID;
	if (argc - cli_optind != 2)
		return cli_usage(c, "a person and a label are needed");
	rc = govrec_person_find(c->st, argv[cli_optind], &id, &c->err);
	if (rc == GOVREC_OK)
		rc = govrec_person_alias(c->st, id, argv[cli_optind + 1], &c->err);
	if (rc == GOVREC_OK && !c->json) {
		cli_printf("person %lld is also '", (long long)id);
		cli_print_safe(argv[cli_optind + 1]);
		cli_printf("'\n");
	}
	return rc;
}

static void person_json(struct govrec_json *j, const struct govrec_person *p)
{
	size_t i;

	govrec_json_object(j);
	govrec_json_kint(j, "id", p->id);
	govrec_json_kstr(j, "name", p->name);
	govrec_json_key(j, "aliases");
	govrec_json_array(j);
	for (i = 0; i < p->naliases; i++)
		govrec_json_str(j, p->aliases[i]);
	govrec_json_end(j);
	govrec_json_key(j, "memberships");
	govrec_json_array(j);
	for (i = 0; i < p->nmemberships; i++) {
		const struct govrec_membership *m = &p->memberships[i];

		govrec_json_object(j);
		govrec_json_kstr(j, "role", m->role);
		govrec_json_kstr(j, "body", m->body);
		govrec_json_kstr(j, "from", m->from);
		govrec_json_kstr(j, "to", m->to[0] ? m->to : NULL);
		govrec_json_end(j);
	}
	govrec_json_end(j);
	govrec_json_end(j);
}

static void membership_text(const struct govrec_membership *m)
{
	cli_printf("%s", m->role);
	if (m->body) {
		cli_printf(" (");
		cli_print_safe(m->body);
		cli_printf(")");
	}
	cli_printf(" from %s%s%s", m->from, m->to[0] ? " to " : "", m->to);
}

static int list_one(const struct govrec_person *p, void *ctx)
{
	struct cli_list *l = ctx;

	l->count++;
	if (l->j) {
		person_json(l->j, p);
		return 0;
	}
	cli_printf("%4lld  ", (long long)p->id);
	cli_print_safe(p->name);
	if (p->nmemberships) {
		cli_printf("  ");
		membership_text(&p->memberships[p->nmemberships - 1]);
	}
	cli_printf("\n");
	return 0;
}

int cmd_person_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	struct cli_list l;
	int o, rc;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1)
		return o == CLI_OPT_HELP ? GOVREC_OK : GOVREC_INVALID;
	if (cli_optind < argc)
		return cli_usage(c, "unexpected argument '%s'", argv[cli_optind]);
	cli_list_begin(c, &l);
	rc = govrec_person_each(c->st, list_one, &l, &c->err);
	if (rc == GOVREC_OK && !c->json && l.count == 0)
		cli_printf("no people yet: add them with 'govrec person add'\n");
	return cli_list_end(&l, rc);
}

int cmd_person_show(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	struct govrec_person p;
	int64_t id;
	size_t i;
	int o, rc;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1)
		return o == CLI_OPT_HELP ? GOVREC_OK : GOVREC_INVALID;
	if (argc - cli_optind != 1)
		return cli_usage(c, "one person is needed");
	rc = govrec_person_find(c->st, argv[cli_optind], &id, &c->err);
	if (rc == GOVREC_OK)
		rc = govrec_person_load(c->st, id, &p, &c->err);
	if (rc != GOVREC_OK)
		return rc;
	if (c->json) {
		struct govrec_buf b = GOVREC_BUF_INIT;
		struct govrec_json j;

		govrec_json_init(&j, &b);
		person_json(&j, &p);
		cli_print_json(&b);
		govrec_buf_release(&b);
	} else {
		cli_printf("person %lld: ", (long long)p.id);
		cli_print_safe(p.name);
		cli_printf("\naliases:");
		for (i = 0; i < p.naliases; i++) {
			cli_printf("%s", i ? ", " : " ");
			cli_print_safe(p.aliases[i]);
		}
		cli_printf("%s\n", p.naliases ? "" : " (none)");
		for (i = 0; i < p.nmemberships; i++) {
			cli_printf("  ");
			membership_text(&p.memberships[i]);
			cli_printf("\n");
		}
	}
	govrec_person_release(&p);
	return GOVREC_OK;
}
