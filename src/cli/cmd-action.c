/*
 * cmd-action.c - `govrec action list|close`: action items, as import found
 * them in notes and transcripts.
 */
#include <getopt.h>

#include "cli.h"
#include "commands.h"
#include "govrec/action.h"
#include "govrec/person.h"

static void json_number_or_null(struct govrec_json *j, const char *key, int64_t v)
{
	if (v)
		govrec_json_kint(j, key, v);
	else
		govrec_json_kstr(j, key, NULL);
}

static int list_one(const struct govrec_action *a, void *ctx)
{
	struct cli_list *l = ctx;

	l->count++;
	if (l->j) {
		govrec_json_object(l->j);
		govrec_json_kint(l->j, "id", a->id);
		govrec_json_kstr(l->j, "ref", a->ref);
		json_number_or_null(l->j, "meeting", a->meeting);
		govrec_json_kstr(l->j, "owner", a->owner);
		json_number_or_null(l->j, "owner_id", a->owner_id);
		govrec_json_kstr(l->j, "owner_name", a->owner_name);
		govrec_json_kstr(l->j, "due", a->due);
		govrec_json_kstr(l->j, "status", a->status);
		json_number_or_null(l->j, "closed_meeting", a->closed_meeting);
		json_number_or_null(l->j, "document", a->document);
		govrec_json_kstr(l->j, "text", a->text);
		govrec_json_end(l->j);
		return 0;
	}
	cli_printf("%4lld  %-10s  %-6s", (long long)a->id, a->ref ? a->ref : "-", a->status);
	if (a->meeting)
		cli_printf("  meeting %lld", (long long)a->meeting);
	if (a->owner_name || a->owner) {
		cli_printf("  owner ");
		cli_print_safe(a->owner_name ? a->owner_name : a->owner);
	}
	if (a->due)
		cli_printf("  due %s", a->due);
	if (a->closed_meeting)
		cli_printf("  closed at meeting %lld", (long long)a->closed_meeting);
	cli_printf("\n      ");
	cli_print_safe(a->text);
	cli_printf("\n");
	return 0;
}

int cmd_action_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "open", no_argument, NULL, 'o' },
		{ "owner", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_list l;
	const char *owner = NULL;
	int64_t owner_id = 0;
	int open_only = 0, o, rc;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 'o': open_only = 1; break;
		case 'w': owner = cli_optarg; break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (cli_optind < argc)
		return cli_usage(c, "unexpected argument '%s'", argv[cli_optind]);
	if (owner && (rc = govrec_person_find(c->st, owner, &owner_id, &c->err)) != GOVREC_OK)
		return rc;
	cli_list_begin(c, &l);
	rc = govrec_action_each(c->st, open_only, owner_id, list_one, &l, &c->err);
	if (rc == GOVREC_OK && !c->json && l.count == 0)
		cli_printf("no %saction items\n", open_only ? "open " : "");
	return cli_list_end(&l, rc);
}

int cmd_action_close(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "meeting", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	int64_t meeting = 0, id;
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
	if (argc - cli_optind != 1)
		return cli_usage(c, "one action item (its id or CSC id such as '01 34 2019') is "
				    "needed");
	if (!meeting)
		return cli_usage(c, "--meeting is needed: the meeting that closed the item");
	rc = govrec_action_find(c->st, argv[cli_optind], &id, &c->err);
	if (rc == GOVREC_OK)
		rc = govrec_action_close(c->st, id, meeting, &c->err);
	if (rc != GOVREC_OK)
		return rc;
	if (c->json)
		cli_printf("{\n  \"id\": %lld,\n  \"status\": \"closed\",\n  \"closed_meeting\": "
			   "%lld\n}\n",
			   (long long)id, (long long)meeting);
	else
		cli_printf("closed action item %lld at meeting %lld\n", (long long)id,
			   (long long)meeting);
	return GOVREC_OK;
}
