/*
 * cmd-help.c - `govrec help [COMMAND]`: the list of commands, or the manual
 * page of one, shown with mandoc (or man) from the installed pages or, for an
 * uninstalled build, from the source tree.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"

static int page_path(const char *topic, struct govrec_buf *path)
{
	static const char *const dirs[] = { GOVREC_SOURCE_MANDIR, GOVREC_MANDIR };
	size_t i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		govrec_buf_reset(path);
		govrec_buf_addf(path, "%s/man1/%s.1", dirs[i], topic);
		if (access(path->data, R_OK) == 0)
			return 0;
	}
	return -1;
}

int cmd_help(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	const struct cli_command *k;
	struct govrec_buf topic = GOVREC_BUF_INIT, path = GOVREC_BUF_INIT;
	int o, found = 0;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1)
		return o == CLI_OPT_HELP ? GOVREC_OK : GOVREC_INVALID;
	if (cli_optind >= argc) {
		cli_printf("usage: govrec [--db PATH] [--json] [--actor NAME] COMMAND [ARGS]\n\n"
			   "commands:\n");
		for (k = cli_commands; k->name; k++)
			cli_printf("  %-16s %s\n", k->name, k->summary);
		cli_printf("\n'govrec help COMMAND' shows a command's manual; 'govrec help govrec' "
			   "the overview.\n");
		return GOVREC_OK;
	}
	/* "help meeting add" and "help meeting" both mean govrec-meeting(1). */
	for (k = cli_commands; k->name; k++) {
		size_t n = strlen(argv[cli_optind]);

		if (strncmp(k->name, argv[cli_optind], n) == 0 &&
		    (k->name[n] == ' ' || k->name[n] == '\0'))
			found = 1;
	}
	if (strcmp(argv[cli_optind], "govrec") == 0)
		govrec_buf_adds(&topic, "govrec");
	else if (found)
		govrec_buf_addf(&topic, "govrec-%s", argv[cli_optind]);
	else
		return govrec_error_set(&c->err, GOVREC_INVALID,
					"no command '%.40s' (see 'govrec help')", argv[cli_optind]);
	if (page_path(topic.data, &path) != 0) {
		/* No manual here: the synopsis is the next best thing. */
		for (k = cli_commands; k->name; k++)
			if (strncmp(k->name, argv[cli_optind], strlen(argv[cli_optind])) == 0) {
				cli_print_usage(stdout, k);
				break;
			}
		govrec_buf_release(&topic);
		govrec_buf_release(&path);
		return GOVREC_OK;
	}
	fflush(stdout);
	execlp("mandoc", "mandoc", "-a", path.data, (char *)NULL);
	execlp("man", "man", "-l", path.data, (char *)NULL);
	govrec_error_set(&c->err, GOVREC_ERROR, "cannot show '%s': neither mandoc nor man is installed",
			 path.data);
	govrec_buf_release(&topic);
	govrec_buf_release(&path);
	return GOVREC_ERROR;
}
