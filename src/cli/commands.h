/* commands.h - the handlers named in the command table (one cmd-*.c each). */
#ifndef GOVREC_COMMANDS_H
#define GOVREC_COMMANDS_H

struct cli;

int cmd_init(struct cli *c, int argc, char **argv);
int cmd_check(struct cli *c, int argc, char **argv);
int cmd_log(struct cli *c, int argc, char **argv);
int cmd_help(struct cli *c, int argc, char **argv);
int cmd_person_add(struct cli *c, int argc, char **argv);
int cmd_person_alias(struct cli *c, int argc, char **argv);
int cmd_person_list(struct cli *c, int argc, char **argv);
int cmd_person_show(struct cli *c, int argc, char **argv);
int cmd_meeting_add(struct cli *c, int argc, char **argv);
int cmd_meeting_attend(struct cli *c, int argc, char **argv);
int cmd_meeting_list(struct cli *c, int argc, char **argv);
int cmd_meeting_show(struct cli *c, int argc, char **argv);
int cmd_note_add(struct cli *c, int argc, char **argv);
int cmd_note_list(struct cli *c, int argc, char **argv);
int cmd_attendance(struct cli *c, int argc, char **argv);
int cmd_metric_list(struct cli *c, int argc, char **argv);
int cmd_metric_show(struct cli *c, int argc, char **argv);
int cmd_metric_import(struct cli *c, int argc, char **argv);
int cmd_proposal_new(struct cli *c, int argc, char **argv);
int cmd_proposal_change(struct cli *c, int argc, char **argv);
int cmd_proposal_advance(struct cli *c, int argc, char **argv);
int cmd_proposal_list(struct cli *c, int argc, char **argv);
int cmd_proposal_show(struct cli *c, int argc, char **argv);
int cmd_proposal_timeline(struct cli *c, int argc, char **argv);
int cmd_proposal_link(struct cli *c, int argc, char **argv);
int cmd_import(struct cli *c, int argc, char **argv);
int cmd_action_list(struct cli *c, int argc, char **argv);
int cmd_action_close(struct cli *c, int argc, char **argv);
int cmd_decision_list(struct cli *c, int argc, char **argv);
int cmd_key_generate(struct cli *c, int argc, char **argv);
int cmd_key_show(struct cli *c, int argc, char **argv);
int cmd_verify(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_restore(struct cli *c, int argc, char **argv);
int cmd_search(struct cli *c, int argc, char **argv);
int cmd_show(struct cli *c, int argc, char **argv);

#endif
