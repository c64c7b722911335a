/*
 * committee.h - the committee an archive belongs to, and the set-up of a new
 * archive.
 */
#ifndef GOVREC_COMMITTEE_H
#define GOVREC_COMMITTEE_H

#include "govrec/error.h"
#include "govrec/store.h"

#define GOVREC_DEFAULT_COMMITTEE "Customer Standing Committee"
#define GOVREC_DEFAULT_SHORT "CSC"

/*
 * Fills a newly created archive, in one transaction: the committee row and
 * the data every archive starts with.
 */
enum govrec_status govrec_archive_setup(struct govrec_store *st, const char *name,
					const char *short_name, struct govrec_error *err);

struct govrec_committee {
	char name[256];
	char short_name[32];
	char created[32];
};

enum govrec_status govrec_committee_get(struct govrec_store *st, struct govrec_committee *c,
					struct govrec_error *err);

#endif
