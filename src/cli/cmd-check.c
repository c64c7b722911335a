/*
 * cmd-check.c - `govrec check`: verify everything that can be recomputed.
 */
#include <getopt.h>

#include "cli.h"
#include "commands.h"
#include "govrec/audit.h"

struct problems {
	struct govrec_json *j;
	int count;
};

static void problem(const char *msg, void *ctx)
{
	struct problems *p = ctx;

	p->count++;
	if (p->j) {
		govrec_json_str(p->j, msg);
	} else {
		cli_print_safe(msg);
		cli_printf("\n");
	}
}

int cmd_check(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	struct govrec_buf b = GOVREC_BUF_INIT;
	struct govrec_json j;
	struct problems p = { NULL, 0 };
	int o, rc;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1)
		return o == CLI_OPT_HELP ? GOVREC_OK : GOVREC_INVALID;
	if (cli_optind < argc)
		return cli_usage(c, "unexpected argument '%s'", argv[cli_optind]);
	if (c->json) {
		govrec_json_init(&j, &b);
		govrec_json_object(&j);
		govrec_json_kstr(&j, "archive", c->db_path);
		govrec_json_key(&j, "problems");
		govrec_json_array(&j);
		p.j = &j;
	}
	rc = govrec_check(c->st, problem, &p, &c->err);
	if (c->json) {
		govrec_json_end(&j);
		govrec_json_kbool(&j, "ok", rc == GOVREC_OK);
		govrec_json_end(&j);
		if (rc == GOVREC_OK || rc == GOVREC_REFUSED)
			cli_print_json(&b);
	} else if (rc == GOVREC_OK) {
		cli_printf("ok: database, search index, audit chain and every record check out\n");
	}
	govrec_buf_release(&b);
	if (rc == GOVREC_REFUSED)
		govrec_error_set(&c->err, GOVREC_REFUSED, "%d problem%s found", p.count,
				 p.count == 1 ? "" : "s");
	return rc;
}
