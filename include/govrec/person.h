/*
 * person.h - people, their speaker labels (aliases) and memberships.
 *
 * A person is named by their display name.  Aliases are the labels they
 * appear under in transcripts and chat ("BYRON HOLLAND", "Byron"); they are
 * matched case-insensitively and are unique across people.  The display name
 * is always an alias of its own person.  Memberships say in what role and for
 * which appointing body a person served, from when to when; the quorum of a
 * meeting is computed from the members in office on its date.
 */
#ifndef GOVREC_PERSON_H
#define GOVREC_PERSON_H

#include <stddef.h>
#include <stdint.h>

#include "govrec/error.h"
#include "govrec/store.h"

struct govrec_membership {
	int64_t id;
	char *role; /* member, liaison, pti-liaison, secretariat, staff, observer */
	char *body; /* appointing organisation, may be NULL */
	char from[11];
	char to[11]; /* "" while in office */
};

struct govrec_person {
	int64_t id;
	char *name;
	char **aliases; /* as written, sorted case-insensitively */
	size_t naliases;
	struct govrec_membership *memberships; /* by start date */
	size_t nmemberships;
};

/* 1 when role is one of the membership roles above. */
int govrec_role_valid(const char *role);

/*
 * Adds a person with the given aliases (besides the name itself) and,
 * when m is not NULL, one membership.  GOVREC_INVALID when the name or an
 * alias is taken, empty, or the membership is malformed.  *id gets the new id.
 */
enum govrec_status govrec_person_add(struct govrec_store *st, const char *name,
				     const char *const *aliases, size_t naliases,
				     const struct govrec_membership *m, int64_t *id,
				     struct govrec_error *err);

/* Adds a membership to an existing person. */
enum govrec_status govrec_person_add_membership(struct govrec_store *st, int64_t person,
						const struct govrec_membership *m,
						struct govrec_error *err);

/* Adds alias label to person. GOVREC_INVALID when another person has it. */
enum govrec_status govrec_person_alias(struct govrec_store *st, int64_t person, const char *label,
				       struct govrec_error *err);

/*
 * Finds a person by id ("12"), display name or alias, case-insensitively.
 * GOVREC_NOTFOUND: "no person 'x'".
 */
enum govrec_status govrec_person_find(struct govrec_store *st, const char *ref, int64_t *id,
				      struct govrec_error *err);

/*
 * Resolves a speaker label as written in a transcript or chat to a person:
 * an alias or name (any case), else a label that is the surname of exactly
 * one person (last word of the name).  *id is 0 when nothing matches; that is
 * not an error.
 */
enum govrec_status govrec_person_match_label(struct govrec_store *st, const char *label,
					     int64_t *id, struct govrec_error *err);

/* Loads person id into p (to be released with govrec_person_release). */
enum govrec_status govrec_person_load(struct govrec_store *st, int64_t id,
				      struct govrec_person *p, struct govrec_error *err);
void govrec_person_release(struct govrec_person *p);

/* Calls fn for every person, by name.  fn returns nonzero to stop. */
enum govrec_status govrec_person_each(struct govrec_store *st,
				      int (*fn)(const struct govrec_person *, void *), void *ctx,
				      struct govrec_error *err);

#endif
