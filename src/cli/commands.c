/*
 * commands.c - the one command table.
 *
 * Each row: the command's words, its handler, what it needs opened, its
 * synopsis (exactly as in the SYNOPSIS of its man page docs/man1/govrec-*.1;
 * tests/cli/test-docs.sh keeps the two in agreement) and a one-line summary.
 */
#include <stddef.h>

#include "cli.h"
#include "commands.h"

const struct cli_command cli_commands[] = {
	{ "init", cmd_init, CLI_NO_STORE, "[--committee NAME] [--short ABBR]",
	  "create an archive, or upgrade an older one" },
	{ "check", cmd_check, CLI_WRITE, "",
	  "verify the database, the search index, the audit chain and every record" },
	{ "log", cmd_log, CLI_READ, "[--record ID] [--since D]", "show the audit trail" },
	{ "help", cmd_help, CLI_NO_STORE, "[COMMAND]", "list the commands, or show one's manual" },
	{ "person add", cmd_person_add, CLI_WRITE,
	  "NAME [--alias LABEL]... [--role ROLE --body ORG --from D [--to D]]",
	  "add a person, with speaker labels and a membership" },
	{ "person alias", cmd_person_alias, CLI_WRITE, "PERSON LABEL",
	  "add a speaker label to a person" },
	{ "person list", cmd_person_list, CLI_READ, "", "list people" },
	{ "person show", cmd_person_show, CLI_READ, "PERSON",
	  "show a person's aliases and memberships" },
	{ "meeting add", cmd_meeting_add, CLI_WRITE,
	  "--number N --date D [--time HH:MM] [--kind regular|public|adhoc|joint] [--title T] "
	  "[--agenda ITEM]...",
	  "record a meeting" },
	{ "meeting attend", cmd_meeting_attend, CLI_WRITE,
	  "N PERSON [--status present|apologies|absent]", "record who attended a meeting" },
	{ "meeting list", cmd_meeting_list, CLI_READ, "[--year Y]", "list meetings" },
	{ "meeting show", cmd_meeting_show, CLI_READ, "N",
	  "show a meeting: agenda, attendance, quorum" },
	{ "note add", cmd_note_add, CLI_WRITE,
	  "--review NAME [--section S] [--date D] [--title T] FILE|-",
	  "archive a charter-review or effectiveness-review note" },
	{ "note list", cmd_note_list, CLI_READ, "[--review NAME]", "list review notes" },
	{ "attendance", cmd_attendance, CLI_READ, "[--year Y]",
	  "the yearly attendance record, per member, and quorum" },
	{ "search", cmd_search, CLI_NO_STORE,
	  "[--kind K] [--meeting N] [--speaker S] [--since D] [--until D] [--limit N] "
	  "[--offset N] [--regex PCRE] [--count] [--raw] [--format text|json|csv] "
	  "[--save NAME] [--list-saved] [QUERY | @NAME]",
	  "ranked full-text search over every passage of the archive" },
	{ "show", cmd_show, CLI_READ, "ID [--context N]",
	  "show a passage (a search hit) with the turns around it" },
	{ NULL, NULL, CLI_NO_STORE, NULL, NULL }
};
