/*
 * meeting.h - meetings, their agenda, attendance and quorum.
 *
 * A meeting is named by its sequence number (the CSC numbers its meetings).
 * Quorum follows the CSC rule: every appointed member in office on the
 * meeting's date is present.  A meeting with no member on record has no
 * quorum answer (quorate = -1): the archive does not know who was appointed.
 */
#ifndef GOVREC_MEETING_H
#define GOVREC_MEETING_H

#include <stddef.h>
#include <stdint.h>

#include "govrec/error.h"
#include "govrec/store.h"

struct govrec_attendee {
	int64_t person_id;
	char *name;
	char *status;    /* present, apologies, absent; "" when not recorded */
	char *role;      /* role on the meeting date, NULL when none */
	char *body;      /* appointing body on that date, may be NULL */
	int member;      /* 1 when a voting member on that date */
};

struct govrec_meeting {
	int64_t id;
	int64_t number;
	char date[11];
	char time[6];     /* "" when not known */
	char kind[16];
	char *title;      /* may be NULL */
	char **agenda;
	size_t nagenda;
	/* recorded attendance, and every member in office whether recorded or not */
	struct govrec_attendee *attendees;
	size_t nattendees;
	int members;         /* members in office on the date */
	int members_present;
	int quorate;         /* 1, 0, or -1 when no member is on record */
	int documents;       /* documents archived for the meeting */
};

/* 1 when kind is regular, public, adhoc or joint. */
int govrec_meeting_kind_valid(const char *kind);

struct govrec_meeting_new {
	int64_t number;
	const char *date;
	const char *time;  /* NULL: unknown */
	const char *kind;  /* NULL: regular */
	const char *title; /* may be NULL */
	const char *const *agenda;
	size_t nagenda;
};

/* Adds a meeting.  GOVREC_INVALID for a bad field or a number already used. */
enum govrec_status govrec_meeting_add(struct govrec_store *st, const struct govrec_meeting_new *m,
				      struct govrec_error *err);

/* Records person's attendance (present, apologies, absent) at meeting number. */
enum govrec_status govrec_meeting_attend(struct govrec_store *st, int64_t number, int64_t person,
					 const char *status, struct govrec_error *err);

/* The row id of meeting number; GOVREC_NOTFOUND "no meeting N". */
enum govrec_status govrec_meeting_id(struct govrec_store *st, int64_t number, int64_t *id,
				     struct govrec_error *err);

/* Loads meeting number with attendance and quorum; release with govrec_meeting_release. */
enum govrec_status govrec_meeting_load(struct govrec_store *st, int64_t number,
				       struct govrec_meeting *m, struct govrec_error *err);
void govrec_meeting_release(struct govrec_meeting *m);

/* Calls fn for each meeting (fully loaded) by number, of year (0: all). */
enum govrec_status govrec_meeting_each(struct govrec_store *st, int year,
				       int (*fn)(const struct govrec_meeting *, void *), void *ctx,
				       struct govrec_error *err);

/* The yearly attendance record the CSC gives its appointing organisations. */
struct govrec_attendance_row {
	int64_t person_id;
	char *name;
	char *body;
	int held;     /* meetings held in the year while the person was a member */
	int attended; /* of those, present */
	int apologies;
};

struct govrec_attendance_report {
	int year;
	int meetings; /* meetings held in the year */
	struct govrec_attendance_row *rows; /* by name */
	size_t nrows;
	int64_t *not_quorate; /* numbers of meetings that were not quorate */
	size_t nnot_quorate;
	int64_t *unknown_quorum; /* numbers of meetings with no member on record */
	size_t nunknown;
};

enum govrec_status govrec_attendance_report(struct govrec_store *st, int year,
					    struct govrec_attendance_report *r,
					    struct govrec_error *err);
void govrec_attendance_report_release(struct govrec_attendance_report *r);

#endif
