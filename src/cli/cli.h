/*
 * cli.h - what the command handlers (cmd-*.c) share.
 *
 * main.c parses the global options, finds the command in the one command
 * table (commands.c), opens the archive as the command's flags say, and calls
 * the handler with the arguments after the command name.  Handlers print
 * through cli_out (checked for write errors before exit) and report failure
 * by returning a status with c->err set; main prints the message and maps the
 * status to the exit code.  Only src/cli/ prints or exits.
 */
#ifndef GOVREC_CLI_H
#define GOVREC_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "govrec/buf.h"
#include "govrec/error.h"
#include "govrec/json.h"
#include "govrec/store.h"

enum cli_needs {
	CLI_NO_STORE = 0, /* the handler opens what it needs itself */
	CLI_READ = 1,     /* the archive, read-only */
	CLI_WRITE = 2     /* the archive, for writing */
};

struct cli {
	const char *db_path;        /* --db, $GOVREC_DB or the XDG default */
	int json;                   /* --json */
	const char *actor;          /* --actor, $GOVREC_ACTOR or the login name */
	struct govrec_store *st;    /* opened per the command's needs */
	struct govrec_error err;
	const struct cli_command *cmd;
	int color;                  /* stdout is a terminal and NO_COLOR unset */
	int show_usage;             /* set by cli_usage: main prints the synopsis */
	int store_rc;               /* the status of opening the archive, once tried */
};

struct cli_command {
	const char *name;     /* "meeting add" */
	/* NULL in govrec for the commands govrec-io runs (commands.c) */
	int (*fn)(struct cli *c, int argc, char **argv);
	enum cli_needs needs;
	const char *synopsis; /* arguments, as in the man page SYNOPSIS */
	const char *summary;  /* one line for `govrec help` */
};

extern const struct cli_command cli_commands[];

/* Handlers return an enum govrec_status; these print their result. */
void cli_printf(const char *fmt, ...) GOVREC_PRINTF(1, 2);
void cli_write(const char *data, size_t len);
/* Prints untrusted text with control characters replaced. */
void cli_print_safe(const char *s);

/* Prints a finished JSON document. */
void cli_print_json(struct govrec_buf *b);

/*
 * A usage error: sets c->err with msg, and the handler returns
 * GOVREC_INVALID; main adds the command's synopsis.
 */
int cli_usage(struct cli *c, const char *fmt, ...) GOVREC_PRINTF(2, 3);

/*
 * Option parsing for handlers: getopt_long with its state reset, -h/--help
 * added, the global options (--json, --db, --actor) read wherever they
 * appear unless the command has its own option of that name, and unknown
 * options or missing arguments turned into usage errors.  A word taken as an
 * option's value is never an option: `--title -h` is a title.
 * Returns the option's val; -1 at the end of the options, with the archive
 * opened as the command's row says (every handler reads its options to the
 * end before it uses c->st); CLI_OPT_HELP after printing the usage (the
 * handler returns GOVREC_OK); or CLI_OPT_ERROR with c->err set (the handler
 * returns GOVREC_INVALID; main reports a failure to open the archive with
 * its own status).  Operands are permuted to the end: after -1 they are
 * argv[cli_optind..argc-1].
 */
struct option;
#define CLI_OPT_HELP 1000
#define CLI_OPT_ERROR '?'
int cli_getopt(struct cli *c, int argc, char **argv, const struct option *opts);
extern char *cli_optarg;
extern int cli_optind;

/*
 * A listing of records: with --json one JSON array (the callback writes an
 * element per record through l->j), otherwise lines; l->count counts what
 * was listed so that the command can say when there was nothing.
 * cli_list_end() closes and prints the array (when rc is GOVREC_OK),
 * releases the listing and returns rc.
 */
struct cli_list {
	struct govrec_buf buf;
	struct govrec_json json;
	struct govrec_json *j; /* NULL without --json */
	int count;
};
void cli_list_begin(struct cli *c, struct cli_list *l);
int cli_list_end(struct cli_list *l, int rc);

/* Value parsers that set a usage error naming the option on bad input. */
int cli_int(struct cli *c, const char *opt, const char *s, int64_t min, int64_t max, int64_t *out);
int cli_date(struct cli *c, const char *opt, const char *s);

/*
 * The public key of -p PUB (a file) or -P BASE64 (its base64 line), read
 * into pub; *out is pub, or NULL when neither was given.  Both given is a
 * usage error.  Returns a status.
 */
struct govrec_pubkey;
int cli_pubkey(struct cli *c, const char *file, const char *b64, struct govrec_pubkey *pub,
	       const struct govrec_pubkey **out);

/*
 * The password of a secret key, from file descriptor fd (-1: none given),
 * else $GOVREC_PASSWORD, else the terminal without echo (asked twice when
 * confirm), into *out: sodium_malloc memory, released with
 * cli_password_free().  The status of what failed otherwise, *out NULL (an
 * empty password is refused: GOVREC_INVALID).
 */
int cli_password(struct cli *c, int fd, int confirm, char **out);
void cli_password_free(char *pw);

/*
 * A path the user named for a file to create, whose directory does not
 * exist, is bad input (2), like a named input file that does not exist:
 * checked before the work starts.  what names the option ("-o OUT").
 */
int cli_out_dir(struct cli *c, const char *what, const char *path);

/* Prints the synopsis of c->cmd (and of its siblings) to f. */
void cli_print_usage(FILE *f, const struct cli_command *cmd);

/* Where the binary's manual pages are (place.c): the directory holding man1/. */
void cli_man_dir(struct govrec_buf *dir);

/* The path of govrec-io ($GOVREC_EXEC_PATH/govrec-io when set). */
void cli_io_path(struct govrec_buf *path);

#endif
