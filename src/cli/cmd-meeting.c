/*
 * cmd-meeting.c - `govrec meeting add|attend|list|show`.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "govrec/meeting.h"
#include "govrec/person.h"

int cmd_meeting_add(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "number", required_argument, NULL, 'n' },
		{ "date", required_argument, NULL, 'd' },
		{ "time", required_argument, NULL, 't' },
		{ "kind", required_argument, NULL, 'k' },
		{ "title", required_argument, NULL, 'T' },
		{ "agenda", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	struct govrec_meeting_new m;
	const char **agenda;
	int o, rc = GOVREC_INVALID;

	memset(&m, 0, sizeof(m));
	agenda = calloc((size_t)argc, sizeof(*agenda));
	if (!agenda)
		return govrec_error_oom(&c->err);
	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 'n':
			if (cli_int(c, "--number", cli_optarg, 1, 1000000, &m.number))
				goto out;
			break;
		case 'd': m.date = cli_optarg; break;
		case 't': m.time = cli_optarg; break;
		case 'k': m.kind = cli_optarg; break;
		case 'T': m.title = cli_optarg; break;
		case 'a': agenda[m.nagenda++] = cli_optarg; break;
		case CLI_OPT_HELP: rc = GOVREC_OK; goto out;
		default: goto out;
		}
	}
	if (cli_optind < argc) {
		cli_usage(c, "unexpected argument '%s'", argv[cli_optind]);
		goto out;
	}
	if (!m.number || !m.date) {
		cli_usage(c, "--number and --date are needed");
		goto out;
	}
	m.agenda = agenda;
	rc = govrec_meeting_add(c->st, &m, &c->err);
	if (rc == GOVREC_OK && !c->json)
		cli_printf("added meeting %lld on %s\n", (long long)m.number, m.date);
	if (rc == GOVREC_OK && c->json)
		cli_printf("{\n  \"number\": %lld,\n  \"date\": \"%s\"\n}\n", (long long)m.number,
			   m.date);
out:
	free(agenda);
	return rc;
}

int cmd_meeting_attend(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	const char *status = "present";
	int64_t number, person;
	int o, rc;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 's': status = cli_optarg; break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (argc - cli_optind != 2)
		return cli_usage(c, "a meeting number and a person are needed");
	if (cli_int(c, "meeting number", argv[cli_optind], 1, 1000000, &number))
		return GOVREC_INVALID;
	rc = govrec_person_find(c->st, argv[cli_optind + 1], &person, &c->err);
	if (rc == GOVREC_OK)
		rc = govrec_meeting_attend(c->st, number, person, status, &c->err);
	if (rc == GOVREC_OK && !c->json) {
		cli_printf("meeting %lld: ", (long long)number);
		cli_print_safe(argv[cli_optind + 1]);
		cli_printf(" %s\n", status);
	}
	return rc;
}

static const char *quorum_word(int quorate)
{
	return quorate < 0 ? "unknown (no member on record)" : quorate ? "quorate" : "not quorate";
}

static void meeting_json(struct govrec_json *j, const struct govrec_meeting *m, int full)
{
	size_t i;

	govrec_json_object(j);
	govrec_json_kint(j, "number", m->number);
	govrec_json_kstr(j, "date", m->date);
	govrec_json_kstr(j, "time", m->time[0] ? m->time : NULL);
	govrec_json_kstr(j, "kind", m->kind);
	govrec_json_kstr(j, "title", m->title);
	govrec_json_key(j, "quorate");
	if (m->quorate < 0)
		govrec_json_null(j);
	else
		govrec_json_bool(j, m->quorate);
	govrec_json_kint(j, "members", m->members);
	govrec_json_kint(j, "members_present", m->members_present);
	govrec_json_kint(j, "documents", m->documents);
	if (full) {
		govrec_json_key(j, "agenda");
		govrec_json_array(j);
		for (i = 0; i < m->nagenda; i++)
			govrec_json_str(j, m->agenda[i]);
		govrec_json_end(j);
		govrec_json_key(j, "attendance");
		govrec_json_array(j);
		for (i = 0; i < m->nattendees; i++) {
			const struct govrec_attendee *a = &m->attendees[i];

			govrec_json_object(j);
			govrec_json_kint(j, "person_id", a->person_id);
			govrec_json_kstr(j, "person", a->name);
			govrec_json_kstr(j, "status", a->status[0] ? a->status : NULL);
			govrec_json_kstr(j, "role", a->role);
			govrec_json_kstr(j, "body", a->body);
			govrec_json_end(j);
		}
		govrec_json_end(j);
	}
	govrec_json_end(j);
}

static int list_one(const struct govrec_meeting *m, void *ctx)
{
	struct cli_list *l = ctx;

	l->count++;
	if (l->j) {
		meeting_json(l->j, m, 0);
		return 0;
	}
	cli_printf("%4lld  %s %5s  %-8s  %-12s  ", (long long)m->number, m->date,
		   m->time[0] ? m->time : "", m->kind,
		   m->quorate < 0 ? "" : m->quorate ? "quorate" : "not quorate");
	cli_print_safe(m->title ? m->title : "");
	cli_printf("\n");
	return 0;
}

int cmd_meeting_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_list l;
	int64_t year = 0;
	int o, rc;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 'y':
			if (cli_int(c, "--year", cli_optarg, 1900, 9999, &year))
				return GOVREC_INVALID;
			break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (cli_optind < argc)
		return cli_usage(c, "unexpected argument '%s'", argv[cli_optind]);
	cli_list_begin(c, &l);
	rc = govrec_meeting_each(c->st, (int)year, list_one, &l, &c->err);
	if (rc == GOVREC_OK && !c->json && l.count == 0)
		cli_printf("no meetings%s\n", year ? " that year" : " yet");
	return cli_list_end(&l, rc);
}

int cmd_meeting_show(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	struct govrec_meeting m;
	int64_t number;
	size_t i;
	int o, rc;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1)
		return o == CLI_OPT_HELP ? GOVREC_OK : GOVREC_INVALID;
	if (argc - cli_optind != 1)
		return cli_usage(c, "one meeting number is needed");
	if (cli_int(c, "meeting number", argv[cli_optind], 1, 1000000, &number))
		return GOVREC_INVALID;
	rc = govrec_meeting_load(c->st, number, &m, &c->err);
	if (rc != GOVREC_OK)
		return rc;
	if (c->json) {
		struct govrec_buf b = GOVREC_BUF_INIT;
		struct govrec_json j;

		govrec_json_init(&j, &b);
		meeting_json(&j, &m, 1);
		cli_print_json(&b);
		govrec_buf_release(&b);
		govrec_meeting_release(&m);
		return GOVREC_OK;
	}
	cli_printf("meeting %lld  %s%s%s UTC  %s\n", (long long)m.number, m.date,
		   m.time[0] ? " " : "", m.time, m.kind);
	if (m.title) {
		cli_printf("title: ");
		cli_print_safe(m.title);
		cli_printf("\n");
	}
	if (m.nagenda) {
		cli_printf("agenda:\n");
		for (i = 0; i < m.nagenda; i++) {
			cli_printf("  %zu. ", i + 1);
			cli_print_safe(m.agenda[i]);
			cli_printf("\n");
		}
	}
	cli_printf("attendance:%s\n", m.nattendees ? "" : " (none recorded)");
	for (i = 0; i < m.nattendees; i++) {
		const struct govrec_attendee *a = &m.attendees[i];

		cli_printf("  %-10s ", a->status[0] ? a->status : "(not recorded)");
		cli_print_safe(a->name);
		if (a->role) {
			cli_printf("  %s", a->role);
			if (a->body) {
				cli_printf(", ");
				cli_print_safe(a->body);
			}
		}
		cli_printf("\n");
	}
	cli_printf("quorum: %s", quorum_word(m.quorate));
	if (m.quorate >= 0)
		cli_printf(" (%d of %d members present)", m.members_present, m.members);
	cli_printf("\ndocuments: %d\n", m.documents);
	govrec_meeting_release(&m);
	return GOVREC_OK;
}
