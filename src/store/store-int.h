/*
 * store-int.h - private to src/store: what a store holds, shared by the
 * code that opens it and runs transactions (store.c) and the SQL helpers
 * (sql.c).
 */
#ifndef GOVREC_STORE_INT_H
#define GOVREC_STORE_INT_H

#include <stddef.h>

#include <sqlite3.h>

#include "sqlcache.h"

/*
 * The records a transaction touched, as "kind:key", in the order first
 * touched, with a hash index to keep each once.  The watch triggers add to
 * it through govrec_dirty(); a rollback to the savepoint forgets what was
 * added after it; the outermost commit audits and empties it.  It can hold
 * records whose change was undone by a statement that failed on its own
 * (its triggers fired for the rows before the failing one): auditing skips
 * records whose content is what the log already says.
 */
struct dirty {
	char **item;
	size_t n, cap;
	size_t *slot; /* index + 1 into item, 0 for free; a power of two of them */
	size_t nslot;
};

struct govrec_store {
	sqlite3 *db;
	char *path;
	char *actor;
	int writable;
	int depth;
	int doomed;
	int sp_depth;  /* depth at which the open savepoint was made, 0 for none */
	int sp_doomed; /* a level inside the savepoint rolled back */
	char op[64];
	int step_errno; /* errno after the last failed step (see govrec_store_errno()) */
	int last_code;  /* SQLite's extended code of the last statement, 0 for success */
	struct dirty dirty; /* records the open transaction touched */
	size_t sp_dirty;    /* how many of them were touched before the savepoint */
	struct sqlcache cache; /* prepared statements by their SQL text */
};

/*
 * The system's reason for SQLite's last I/O error, or 0 (sql.c): what
 * govrec_store_fail() and opening add to SQLite's message.
 */
int govrec_store_errno(const struct govrec_store *st);

#endif
