/*
 * commands.c - the one command table.
 *
 * Each row: the command's words, its handler, what it needs opened, its
 * synopsis (exactly as in the SYNOPSIS of its man page docs/man1/govrec-*.1;
 * tests/cli/test-docs.sh keeps the two in agreement) and a one-line summary.
 *
 * This file is compiled twice.  In govrec-io every row has its handler.
 * In govrec (GOVREC_CORE) the commands that read or write XML or archives,
 * marked IO(), have none: main.c runs govrec-io for them, so that
 * govrec itself does not link libxml2 and libarchive (and ICU, libstdc++ and
 * the compressors they bring), about 3 ms of start-up for every search, a
 * `person list` or a `meeting show`.  The linker keeps it so: govrec is
 * linked without those libraries, so a command that needs them and is not
 * marked fails to link.
 */
#include <stddef.h>

#include "cli.h"
#include "commands.h"

#ifdef GOVREC_CORE
#define IO(handler) NULL
#else
#define IO(handler) handler
#endif

const struct cli_command cli_commands[] = {
	{ "init", cmd_init, CLI_NO_STORE, "[--committee NAME] [--short ABBR]",
	  "create an archive, or upgrade an older one" },
	{ "check", IO(cmd_check), CLI_READ,
	  "[--against BUNDLE [-p PUB | -P BASE64] | --against-head SEQ:HASH]",
	  "verify the database, the search index, the audit chain and every record" },
	{ "log", cmd_log, CLI_READ, "[--record ID] [--since D] [--head]", "show the audit trail" },
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
	{ "metric list", cmd_metric_list, CLI_READ, "[--category C] [--at D]",
	  "list the metrics in force on a date" },
	{ "metric show", cmd_metric_show, CLI_READ, "ID [--at D]",
	  "show a metric: its values on a date, its versions, the proposals that touched it" },
	{ "metric import", cmd_metric_import, CLI_WRITE, "FILE",
	  "load metric definitions and versions from a catalog file" },
	{ "proposal new", cmd_proposal_new, CLI_WRITE,
	  "REF --title T --originator CSC|PTI --type 1-4 [--date D] [--rationale FILE|-]",
	  "record an SLA change proposal" },
	{ "proposal change", cmd_proposal_change, CLI_WRITE,
	  "REF METRIC [--threshold 40m|3d|72h|60s] [--target PCT] [--type Max|Min] "
	  "[--name NAME] [--description TEXT] [--new-metric --category C --phase P] [--remove]",
	  "record how a proposal changes a metric" },
	{ "proposal advance", cmd_proposal_advance, CLI_WRITE,
	  "REF STATE --date D [--actor A] [--note T] [--meeting N]",
	  "move a proposal to its next state, or record a council's approval" },
	{ "proposal list", cmd_proposal_list, CLI_READ, "[--state S] [--metric ID]",
	  "list proposals" },
	{ "proposal show", cmd_proposal_show, CLI_READ, "REF",
	  "show a proposal: its metrics from and to, events, meetings, documents" },
	{ "proposal timeline", cmd_proposal_timeline, CLI_READ, "REF",
	  "the days a proposal spent in each state" },
	{ "proposal link", cmd_proposal_link, CLI_WRITE, "REF --meeting N | --document ID",
	  "link a proposal to a meeting or a document" },
	{ "import", IO(cmd_import), CLI_WRITE,
	  "[--meeting N] [--kind K] [--date D] [--title T] [--layout NAME] [--dry-run] [--strict] "
	  "[--quiet] PATH...",
	  "archive transcripts, captions, chat, notes and mail from files, folders or archives" },
	{ "action list", cmd_action_list, CLI_READ, "[--open] [--owner PERSON]",
	  "list action items" },
	{ "action close", cmd_action_close, CLI_WRITE, "ID --meeting N",
	  "close an action item at a meeting" },
	{ "decision list", cmd_decision_list, CLI_READ, "[--meeting N]", "list decisions" },
	{ "key generate", cmd_key_generate, CLI_NO_STORE,
	  "[-W] [-p PUB] [-s SEC] [--password-fd N]",
	  "make a minisign-compatible key pair for signing bundles" },
	{ "key show", cmd_key_show, CLI_NO_STORE, "[-p PUB]", "show a public key and its id" },
	{ "verify", IO(cmd_verify), CLI_NO_STORE, "IN [-p PUB | -P BASE64]",
	  "check a bundle or any BagIt bag, and its signature" },
	{ "export", IO(cmd_export), CLI_READ,
	  "-o OUT [--format tar|tar.gz|tar.zst|zip|dir] [--sign SECKEY [--password-fd N]] "
	  "[--since D] [--until D] [--meeting N] [--proposal REF]",
	  "write the archive as a signed BagIt bundle" },
	{ "restore", IO(cmd_restore), CLI_NO_STORE, "IN [--db NEW] [-p PUB | -P BASE64] [--require-signature]",
	  "build a new archive from a verified bundle" },
	{ "search", cmd_search, CLI_NO_STORE,
	  "[--kind K] [--meeting N] [--speaker S] [--since D] [--until D] [--limit N] "
	  "[--offset N] [--regex PCRE] [--count] [--raw] [--format text|json|csv] "
	  "[--save NAME] [--list-saved] [QUERY | @NAME]",
	  "ranked full-text search over every passage of the archive" },
	{ "show", cmd_show, CLI_READ, "ID [--context N]",
	  "show a passage (a search hit) with the turns around it" },
	{ NULL, NULL, CLI_NO_STORE, NULL, NULL }
};
