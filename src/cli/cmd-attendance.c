/*
 * cmd-attendance.c - `govrec attendance [--year Y]`: the yearly attendance
 * record the CSC owes its appointing organisations.
 */
#include <getopt.h>

#include "cli.h"
#include "commands.h"
#include "govrec/meeting.h"
#include "govrec/util.h"

static void numbers_json(struct govrec_json *j, const char *key, const int64_t *v, size_t n)
{
	size_t i;

	govrec_json_key(j, key);
	govrec_json_array(j);
	for (i = 0; i < n; i++)
		govrec_json_int(j, v[i]);
	govrec_json_end(j);
}

static void numbers_text(const char *label, const int64_t *v, size_t n)
{
	size_t i;

	cli_printf("%s", label);
	for (i = 0; i < n; i++)
		cli_printf("%s%lld", i ? ", " : " ", (long long)v[i]);
	cli_printf("%s\n", n ? "" : " none");
}

int cmd_attendance(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ NULL, 0, NULL, 0 }
	};
	struct govrec_attendance_report r;
	char today[11];
	int64_t year;
	size_t i;
	int o, rc;

	govrec_date_today(today);
	year = (today[0] - '0') * 1000 + (today[1] - '0') * 100 + (today[2] - '0') * 10 +
	       (today[3] - '0');
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
	rc = govrec_attendance_report(c->st, (int)year, &r, &c->err);
	if (rc != GOVREC_OK)
		return rc;
	if (c->json) {
		struct govrec_buf b = GOVREC_BUF_INIT;
		struct govrec_json j;

		govrec_json_init(&j, &b);
		govrec_json_object(&j);
		govrec_json_kint(&j, "year", r.year);
		govrec_json_kint(&j, "meetings", r.meetings);
		govrec_json_key(&j, "members");
		govrec_json_array(&j);
		for (i = 0; i < r.nrows; i++) {
			govrec_json_object(&j);
			govrec_json_kint(&j, "person_id", r.rows[i].person_id);
			govrec_json_kstr(&j, "person", r.rows[i].name);
			govrec_json_kstr(&j, "body", r.rows[i].body);
			govrec_json_kint(&j, "held", r.rows[i].held);
			govrec_json_kint(&j, "attended", r.rows[i].attended);
			govrec_json_kint(&j, "apologies", r.rows[i].apologies);
			govrec_json_end(&j);
		}
		govrec_json_end(&j);
		numbers_json(&j, "not_quorate", r.not_quorate, r.nnot_quorate);
		numbers_json(&j, "quorum_unknown", r.unknown_quorum, r.nunknown);
		govrec_json_end(&j);
		cli_print_json(&b);
		govrec_buf_release(&b);
	} else {
		cli_printf("attendance %lld: %d meeting%s held\n", (long long)year, r.meetings,
			   r.meetings == 1 ? "" : "s");
		for (i = 0; i < r.nrows; i++) {
			cli_printf("  %-32s ", r.rows[i].name);
			cli_printf("%2d of %2d attended", r.rows[i].attended, r.rows[i].held);
			if (r.rows[i].apologies)
				cli_printf(", %d with apologies", r.rows[i].apologies);
			if (r.rows[i].body) {
				cli_printf("  (");
				cli_print_safe(r.rows[i].body);
				cli_printf(")");
			}
			cli_printf("\n");
		}
		if (r.meetings && !r.nrows)
			cli_printf("  no members on record: add memberships with 'govrec person add "
				   "--role member'\n");
		numbers_text("not quorate:", r.not_quorate, r.nnot_quorate);
		if (r.nunknown)
			numbers_text("quorum unknown (no member on record):", r.unknown_quorum,
				     r.nunknown);
	}
	govrec_attendance_report_release(&r);
	return GOVREC_OK;
}
