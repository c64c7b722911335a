/*
 * sqlcache.h - private: the store's prepared statements, found by their
 * SQL text.
 *
 * Keyed by the text, not by the address of the string that holds it: a
 * string built at run time (restore's INSERT for each table, export's
 * queries) is found again whatever buffer it is in, and a freed buffer whose
 * address is reused for other SQL can never hand back the wrong statement.
 */
#ifndef GOVREC_SQLCACHE_H
#define GOVREC_SQLCACHE_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

struct sqlcache {
	struct sqlcache_entry *entry;
	size_t n, cap;
	size_t *slot; /* open addressing: index + 1 into entry, 0 for empty */
	size_t nslot; /* a power of two, at least twice n */
};

#define SQLCACHE_INIT { NULL, 0, 0, NULL, 0 }

/* The statement cached for sql, or NULL. */
sqlite3_stmt *sqlcache_get(const struct sqlcache *c, const char *sql);

/* Caches s under (a copy of) sql; -1 when memory runs out (s is not taken). */
int sqlcache_put(struct sqlcache *c, const char *sql, sqlite3_stmt *s);

/* Finalizes every statement and frees the cache. */
void sqlcache_release(struct sqlcache *c);

#endif
