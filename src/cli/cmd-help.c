/*
 * cmd-help.c - `govrec help [COMMAND]`: the list of commands, or the manual
 * page of one, shown with mandoc (or man) from the pages installed with the
 * binary or, for the binary of the build tree, from the source tree (place.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"

/*
 * The page of topic, or GOVREC_ERROR with a message that says where it was
 * looked for: a missing page is a broken install, not "no help".
 */
static int page_path(struct cli *c, const char *topic, struct govrec_buf *path)
{
	cli_man_dir(path);
	govrec_buf_addf(path, "/man1/%s.1", topic);
	if (access(path->data, R_OK) == 0)
		return GOVREC_OK;
	return govrec_error_set(&c->err, GOVREC_ERROR, "no manual page '%s' (not installed?)",
	                        path->data);
}

/*
 * Into a pipe or file the page goes as plain text: mandoc's output with the
 * overstrike (bold and underline as "c\bc" and "_\bc") taken out.
 */
static int print_plain(struct cli *c, const char *page)
{
	struct govrec_buf cmd = GOVREC_BUF_INIT;
	FILE *p;
	char held[4];
	size_t nheld = 0;
	int ch, rc;

	govrec_buf_adds(&cmd, "mandoc -Tutf8 '");
	govrec_buf_adds(&cmd, page); /* our own path: no quote in it */
	govrec_buf_adds(&cmd, "'");
	p = strchr(page, '\'') ? NULL : popen(cmd.data, "r");
	govrec_buf_release(&cmd);
	if (!p)
		return govrec_error_set(&c->err, GOVREC_ERROR, "cannot run mandoc to show '%s'",
		                        page);
	/* held: the last character read (a whole UTF-8 sequence), not yet printed */
	while ((ch = getc(p)) != EOF) {
		if (ch == '\b') {
			nheld = 0; /* the character before a backspace is overstruck */
			continue;
		}
		if ((ch & 0xc0) == 0x80 && nheld > 0 && nheld < sizeof(held)) {
			held[nheld++] = (char)ch;
			continue;
		}
		fwrite(held, 1, nheld, stdout);
		held[0] = (char)ch;
		nheld = 1;
	}
	fwrite(held, 1, nheld, stdout);
	rc = pclose(p);
	if (rc != 0)
		return govrec_error_set(&c->err, GOVREC_ERROR, "mandoc failed to show '%s'", page);
	return GOVREC_OK;
}

int cmd_help(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {{NULL, 0, NULL, 0}};
	const struct cli_command *k;
	struct govrec_buf topic = GOVREC_BUF_INIT, path = GOVREC_BUF_INIT;
	int o, found = 0;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1)
		return o == CLI_OPT_HELP ? GOVREC_OK : GOVREC_INVALID;
	if (cli_optind >= argc) {
		cli_printf("usage: govrec [--db PATH] [--json] [--actor NAME] COMMAND [ARGS]\n\n"
		           "commands:\n");
		for (k = cli_commands; k->name; k++)
			cli_printf("  %-18s %s\n", k->name, k->summary);
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
	if (page_path(c, topic.data, &path) != GOVREC_OK) {
		govrec_buf_release(&topic);
		govrec_buf_release(&path);
		return GOVREC_ERROR;
	}
	fflush(stdout);
	if (!isatty(STDOUT_FILENO)) {
		int rc = print_plain(c, path.data);

		govrec_buf_release(&topic);
		govrec_buf_release(&path);
		return rc;
	}
	execlp("mandoc", "mandoc", "-a", path.data, (char *)NULL);
	execlp("man", "man", "-l", path.data, (char *)NULL);
	govrec_error_set(&c->err, GOVREC_ERROR,
	                 "cannot show '%s': neither mandoc nor man is installed", path.data);
	govrec_buf_release(&topic);
	govrec_buf_release(&path);
	return GOVREC_ERROR;
}
