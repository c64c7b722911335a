/*
 * main.c - govrec's entry point: global options, dispatch, exit status.
 *
 *   govrec [--db PATH] [--json] [--actor NAME] COMMAND [ARGS]
 *
 * The command is found in cli_commands (commands.c) by the longest match of
 * its words ("meeting add"); the archive is opened as the command's row says,
 * so no handler repeats that set-up; and whatever the handler printed is
 * flushed and checked, so a failed write to stdout never exits 0.
 */
#include <errno.h>
#include <getopt.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "govrec/sign.h"
#include "govrec/util.h"

char *cli_optarg;
int cli_optind;

void cli_write(const char *data, size_t len)
{
	fwrite(data, 1, len, stdout);
}

void cli_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
}

void cli_print_safe(const char *s)
{
	struct govrec_buf b = GOVREC_BUF_INIT;

	govrec_buf_add_safe(&b, s ? s : "", 0);
	cli_write(b.data, b.len);
	govrec_buf_release(&b);
}

void cli_print_json(struct govrec_buf *b)
{
	cli_write(b->data, b->len);
}

void cli_list_begin(struct cli *c, struct cli_list *l)
{
	govrec_buf_init(&l->buf);
	l->j = NULL;
	l->count = 0;
	if (c->json) {
		govrec_json_init(&l->json, &l->buf);
		govrec_json_array(&l->json);
		l->j = &l->json;
	}
}

int cli_list_end(struct cli_list *l, int rc)
{
	if (l->j) {
		govrec_json_end(l->j);
		if (rc == GOVREC_OK)
			cli_print_json(&l->buf);
	}
	govrec_buf_release(&l->buf);
	return rc;
}

void cli_print_usage(FILE *f, const struct cli_command *cmd)
{
	const struct cli_command *k;
	const char *word_end = strchr(cmd->name, ' ');
	size_t group = word_end ? (size_t)(word_end - cmd->name) : strlen(cmd->name);
	int first = 1;

	/* "person add" shows the usage of every "person ..." command. */
	for (k = cli_commands; k->name; k++) {
		if (strncmp(k->name, cmd->name, group) != 0 ||
		    (k->name[group] != ' ' && k->name[group] != '\0'))
			continue;
		fprintf(f, "%s govrec %s%s%s\n", first ? "usage:" : "   or:", k->name,
			*k->synopsis ? " " : "", k->synopsis);
		first = 0;
	}
}

int cli_usage(struct cli *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	govrec_error_vset(&c->err, GOVREC_INVALID, fmt, ap);
	va_end(ap);
	c->show_usage = 1;
	return GOVREC_INVALID;
}

/*
 * The global options, which a command also takes after its name
 * (`govrec meeting show 34 --json`).  A command's own option of the same
 * name wins: `restore --db NEW`, `proposal advance --actor A`.
 */
enum { CLI_G_JSON = 2001, CLI_G_DB, CLI_G_ACTOR };
static const struct option cli_globals[] = {
	{ "json", no_argument, NULL, CLI_G_JSON },
	{ "db", required_argument, NULL, CLI_G_DB },
	{ "actor", required_argument, NULL, CLI_G_ACTOR },
	{ NULL, 0, NULL, 0 }
};

/* Sets global option v; -1 with a usage error for an empty --db. */
static int set_global(struct cli *c, int v, const char *arg)
{
	switch (v) {
	case CLI_G_JSON: c->json = 1; return 0;
	case CLI_G_DB:
		if (!*arg) {
			cli_usage(c, "--db needs a path");
			return -1;
		}
		c->db_path = arg;
		return 0;
	case CLI_G_ACTOR: c->actor = arg; return 0;
	}
	return -1;
}

static int has_option(const struct option *opts, const char *name)
{
	for (; opts && opts->name; opts++)
		if (strcmp(opts->name, name) == 0)
			return 1;
	return 0;
}

/*
 * The archive, opened as the command's row says once its options are read:
 * by then a --db or --actor after the command is known, and -h has been
 * answered without one.
 */
static int open_store(struct cli *c)
{
	int rc;

	if (!c->cmd || c->cmd->needs == CLI_NO_STORE || c->st || c->store_rc != GOVREC_OK)
		return c->store_rc;
	rc = govrec_store_open(c->db_path,
			       c->cmd->needs == CLI_WRITE ? GOVREC_STORE_WRITE
							  : GOVREC_STORE_READONLY,
			       &c->st, &c->err);
	if (rc == GOVREC_OK)
		govrec_store_set_actor(c->st, c->actor);
	c->store_rc = rc;
	return rc;
}

int cli_getopt(struct cli *c, int argc, char **argv, const struct option *opts)
{
	static const struct option help = { "help", no_argument, NULL, 'h' };
	struct option all[64];
	char shorts[128];
	size_t n = 0, k = 0;
	const struct option *o;
	int v;

	/* Short options are those whose val is a printable letter. */
	shorts[n++] = ':';
	shorts[n++] = 'h';
	for (o = opts; o && o->name && n + 3 < sizeof(shorts); o++) {
		if (o->val > ' ' && o->val < 127 && o->flag == NULL) {
			shorts[n++] = (char)o->val;
			if (o->has_arg == required_argument)
				shorts[n++] = ':';
		}
	}
	shorts[n] = '\0';
	for (o = opts; o && o->name && k < 58; o++)
		all[k++] = *o;
	all[k++] = help;
	for (o = cli_globals; o->name; o++)
		if (!has_option(opts, o->name))
			all[k++] = *o;
	memset(&all[k], 0, sizeof(all[k]));
	opterr = 0;
	/*
	 * getopt takes the word after an option that needs a value as that
	 * value, whatever it looks like: `--title -h` is a title, not help.
	 */
	do
		v = getopt_long(argc, argv, shorts, all, NULL);
	while (v >= CLI_G_JSON && v <= CLI_G_ACTOR && set_global(c, v, optarg) == 0);
	cli_optarg = optarg;
	cli_optind = optind;
	switch (v) {
	case -1:
		return open_store(c) == GOVREC_OK ? -1 : CLI_OPT_ERROR;
	case CLI_G_JSON:
	case CLI_G_DB:
	case CLI_G_ACTOR:
		return CLI_OPT_ERROR; /* set_global said why */
	case 'h':
		cli_print_usage(stdout, c->cmd);
		return CLI_OPT_HELP;
	case ':':
		cli_usage(c, "option '%s' needs a value", argv[optind - 1]);
		return CLI_OPT_ERROR;
	case '?':
		if (optopt)
			cli_usage(c, "unknown option '-%c'", optopt);
		else
			cli_usage(c, "unknown option '%s'", argv[optind - 1]);
		return CLI_OPT_ERROR;
	}
	return v;
}

int cli_int(struct cli *c, const char *opt, const char *s, int64_t min, int64_t max, int64_t *out)
{
	struct govrec_buf b = GOVREC_BUF_INIT;

	if (govrec_parse_int(s, min, max, out) == 0)
		return 0;
	govrec_buf_add_safe(&b, s, 40);
	cli_usage(c, "%s '%s' is not a whole number from %lld to %lld", opt, b.data,
		  (long long)min, (long long)max);
	govrec_buf_release(&b);
	return -1;
}

int cli_date(struct cli *c, const char *opt, const char *s)
{
	return govrec_date_check(s, opt, &c->err) == GOVREC_OK ? 0 : -1;
}

int cli_pubkey(struct cli *c, const char *file, const char *b64, struct govrec_pubkey *pub,
	       const struct govrec_pubkey **out)
{
	int rc;

	*out = NULL;
	if (file && b64)
		return cli_usage(c, "-p and -P do not go together: give the public key once");
	if (!file && !b64)
		return GOVREC_OK;
	rc = govrec_pubkey_read(file ? file : b64, b64 != NULL, pub, &c->err);
	if (rc == GOVREC_OK)
		*out = pub;
	return rc;
}

int cli_out_dir(struct cli *c, const char *what, const char *path)
{
	struct govrec_buf dir = GOVREC_BUF_INIT;
	size_t len = strlen(path);
	struct stat sb;
	int rc = GOVREC_OK;

	while (len > 1 && path[len - 1] == '/')
		len--; /* "out/" for --format dir */
	while (len > 0 && path[len - 1] != '/')
		len--;
	if (len == 0)
		return GOVREC_OK; /* in the current directory */
	govrec_buf_add(&dir, path, len > 1 ? len - 1 : 1);
	if (stat(dir.data, &sb) != 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			rc = govrec_error_set(&c->err, GOVREC_INVALID,
					      "%s: no directory '%s' to create '%s' in", what,
					      dir.data, path);
	} else if (!S_ISDIR(sb.st_mode)) {
		rc = govrec_error_set(&c->err, GOVREC_INVALID, "%s: '%s' is not a directory", what,
				      dir.data);
	}
	govrec_buf_release(&dir);
	return rc;
}

/* --db, else $GOVREC_DB, else $XDG_DATA_HOME/govrec/govrec.db. */
static char *default_db(void)
{
	const char *env = getenv("GOVREC_DB");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	struct govrec_buf b = GOVREC_BUF_INIT;

	if (env && *env)
		govrec_buf_adds(&b, env);
	else if (xdg && *xdg == '/')
		govrec_buf_addf(&b, "%s/govrec/govrec.db", xdg);
	else if (home && *home)
		govrec_buf_addf(&b, "%s/.local/share/govrec/govrec.db", home);
	else
		govrec_buf_adds(&b, "govrec.db");
	return govrec_buf_detach(&b, NULL);
}

static const char *default_actor(void)
{
	const char *a = getenv("GOVREC_ACTOR");
	struct passwd *pw;

	if (a && *a)
		return a;
	pw = getpwuid(getuid());
	return pw ? pw->pw_name : "unknown";
}

/* The command whose words match the most of argv; *used gets how many words. */
static const struct cli_command *find_command(int argc, char **argv, int *used)
{
	const struct cli_command *k, *best = NULL;
	int best_words = 0;

	for (k = cli_commands; k->name; k++) {
		const char *p = k->name;
		int w = 0, ok = 1;

		while (*p && ok) {
			const char *sp = strchr(p, ' ');
			size_t len = sp ? (size_t)(sp - p) : strlen(p);

			if (w >= argc || strlen(argv[w]) != len || strncmp(argv[w], p, len) != 0)
				ok = 0;
			w++;
			p = sp ? sp + 1 : p + len;
		}
		if (ok && w > best_words) {
			best = k;
			best_words = w;
		}
	}
	*used = best_words;
	return best;
}

/* A group word ("person") without a known subcommand. */
static const struct cli_command *find_group(const char *word)
{
	const struct cli_command *k;
	size_t n = strlen(word);

	for (k = cli_commands; k->name; k++)
		if (strncmp(k->name, word, n) == 0 && k->name[n] == ' ')
			return k;
	return NULL;
}

/*
 * Out of memory deep in the library (govrec_oom): say so and exit with 3,
 * the status of an environment error, instead of aborting with SIGABRT.
 * Only async-signal-safe calls: the heap may be in any state.  Nothing is
 * flushed and no transaction is committed; SQLite's journal leaves the
 * archive as the last commit did.
 */
static void out_of_memory(void)
{
	static const char msg[] = "govrec: out of memory\n";
	ssize_t n = write(STDERR_FILENO, msg, sizeof(msg) - 1);

	(void)n;
	_exit(3);
}

static void usage_main(FILE *f)
{
	fputs("usage: govrec [--db PATH] [--json] [--actor NAME] COMMAND [ARGS]\n"
	      "       govrec help [COMMAND]   (the manual of a command)\n", f);
}

/*
 * Every way out of main goes through here: what was printed is flushed and
 * checked, so that `govrec --version >/dev/full` fails (3) instead of
 * exiting 0 having written nothing.
 */
static int finish(const char *who, int code)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "govrec: %s%scannot write to standard output: %s\n", who ? who : "",
			who ? ": " : "", strerror(errno));
		if (code == 0)
			code = 3;
	}
	return code;
}

static int is_help(const char *arg)
{
	return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

/* No command matched argv: a group without (or with an unknown) subcommand, or no such command. */
static int no_command(int argc, char **argv)
{
	const struct cli_command *g = find_group(argv[0]);
	struct govrec_buf b = GOVREC_BUF_INIT;

	if (g && argc > 1 && is_help(argv[1])) {
		cli_print_usage(stdout, g); /* `govrec person --help` */
		return finish(argv[0], 0);
	}
	govrec_buf_add_safe(&b, argc > 1 && g ? argv[1] : argv[0], 40);
	if (g && argc > 1)
		fprintf(stderr, "govrec: %s: unknown subcommand '%s'\n", argv[0], b.data);
	else if (g)
		fprintf(stderr, "govrec: %s: a subcommand is needed\n", argv[0]);
	else
		fprintf(stderr, "govrec: unknown command '%s' (see 'govrec help')\n", b.data);
	if (g)
		cli_print_usage(stderr, g);
	govrec_buf_release(&b);
	return finish(NULL, 2);
}

/*
 * What a bundle cannot carry (C0 controls but TAB, LF and CR; bytes that
 * are not UTF-8) is refused here, once for every command: a title or a note
 * holding it could not travel through export and restore.
 */
static int args_ok(const struct cli_command *cmd, int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		if (!govrec_text_xml_ok(argv[i])) {
			struct govrec_buf b = GOVREC_BUF_INIT;

			govrec_buf_add_safe(&b, argv[i], 60);
			fprintf(stderr,
				"govrec: %s: argument '%s' holds a control character or bytes "
				"that are not UTF-8\n",
				cmd->name, b.data);
			govrec_buf_release(&b);
			return 0;
		}
	}
	return 1;
}

/* The global options before the command; -1 when main should exit with *code. */
static int global_options(struct cli *c, int argc, char **argv, int *code)
{
	static const struct option global[] = {
		{ "db", required_argument, NULL, CLI_G_DB },
		{ "json", no_argument, NULL, CLI_G_JSON },
		{ "actor", required_argument, NULL, CLI_G_ACTOR },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int o;

	opterr = 0;
	/* "+": stop at the command name; what follows belongs to the command. */
	while ((o = getopt_long(argc, argv, "+:h", global, NULL)) != -1) {
		switch (o) {
		case CLI_G_DB:
		case CLI_G_JSON:
		case CLI_G_ACTOR:
			if (set_global(c, o, optarg) == 0)
				break;
			fprintf(stderr, "govrec: %s\n", c->err.msg);
			*code = finish(NULL, 2);
			return -1;
		case 'V':
			printf("govrec %s\n", GOVREC_VERSION);
			*code = finish(NULL, 0);
			return -1;
		case 'h':
			usage_main(stdout);
			*code = finish(NULL, 0);
			return -1;
		case ':':
			fprintf(stderr, "govrec: option '%s' needs a value\n", argv[optind - 1]);
			usage_main(stderr);
			*code = finish(NULL, 2);
			return -1;
		default:
			fprintf(stderr, "govrec: unknown option '%s'\n", argv[optind - 1]);
			usage_main(stderr);
			*code = finish(NULL, 2);
			return -1;
		}
	}
	return optind;
}

/*
 * Runs the command in govrec-io (commands.c says why): the same
 * arguments, the same standard streams, the same environment; its exit
 * status is the command's.  Returns only when it cannot be run.
 */
static int run_io(const char *name, char **argv)
{
	struct govrec_buf path = GOVREC_BUF_INIT;
	int e;

	cli_io_path(&path);
	fflush(NULL);
	execv(path.data, argv);
	e = errno;
	fprintf(stderr, "govrec: %s: cannot run %s, which this command needs: %s\n", name,
		path.data, strerror(e));
	govrec_buf_release(&path);
	return 3;
}

int main(int argc, char **argv)
{
	struct cli c;
	const struct cli_command *cmd;
	char **all_args = argv;
	char *db_default = NULL;
	const char *nocolor = getenv("NO_COLOR");
	int used, rc, code = 0;

	memset(&c, 0, sizeof(c));
	govrec_set_oom_handler(out_of_memory);
#ifdef __GLIBC__
	/*
	 * SQLite allocates and frees statement journals for every statement that
	 * fires triggers; with glibc's default trim threshold each free at the
	 * top of the heap goes back to the kernel, and an import made hundreds of
	 * thousands of brk calls.  Keep freed memory for reuse instead.
	 */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 4 << 20);
#endif
	/*
	 * Past a file size limit, a write should fail with EFBIG and be reported
	 * (the transaction rolls back), not kill the process.  SIGPIPE keeps its
	 * default: `govrec log | head` ends quietly, as other tools do.
	 */
	signal(SIGXFSZ, SIG_IGN);
	used = global_options(&c, argc, argv, &code);
	if (used < 0)
		return code;
	argc -= used;
	argv += used;
	if (argc == 0) {
		usage_main(stderr);
		return finish(NULL, 2);
	}
	cmd = find_command(argc, argv, &used);
	if (!cmd)
		return no_command(argc, argv);
	if (!cmd->fn)
		return run_io(cmd->name, all_args);
	c.cmd = cmd;
	if (!args_ok(cmd, argc - used, argv + used))
		return finish(cmd->name, 2);
	if (!c.actor)
		c.actor = default_actor();
	c.color = isatty(STDOUT_FILENO) && !(nocolor && *nocolor);
	if (!c.db_path)
		c.db_path = db_default = default_db();

	/*
	 * The handler sees its own name as argv[0], for getopt; its cli_getopt
	 * reads the global options given after the command too and opens the
	 * archive when the options are done.
	 */
	optind = 0;
	rc = cmd->fn(&c, argc - used + 1, argv + used - 1);
	if (c.store_rc != GOVREC_OK)
		rc = c.store_rc; /* the archive could not be opened: that is the failure */
	govrec_store_close(c.st);

	code = govrec_status_exit((enum govrec_status)rc);
	if (rc != GOVREC_OK) {
		struct govrec_buf msg = GOVREC_BUF_INIT;

		govrec_buf_add_safe(&msg, c.err.msg[0] ? c.err.msg : "failed", 0);
		fprintf(stderr, "govrec: %s: %s\n", cmd->name, msg.data);
		govrec_buf_release(&msg);
		if (c.show_usage)
			cli_print_usage(stderr, cmd);
	}
	free(db_default);
	return finish(cmd->name, code);
}
