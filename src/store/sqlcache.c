/*
 * sqlcache.c - prepared statements by SQL text (see sqlcache.h).
 *
 * A hash table over the text: FNV-1a over its ends, open addressing with
 * linear probing.  Looking up measures the text, hashes its ends and
 * compares it whole on a hit, where the cache it replaces compared
 * addresses one by one.
 */
#include <stdlib.h>
#include <string.h>

#include "sqlcache.h"

struct sqlcache_entry {
	char *sql;
	uint64_t hash;
	sqlite3_stmt *stmt;
};

/*
 * The length and the first and last 32 bytes: statements differ there (their
 * table, their WHERE), and a collision costs one strcmp.  strlen and strcmp
 * run at memory speed; hashing every byte of a long query did not.
 */
static uint64_t hash_text(const char *s)
{
	size_t n = strlen(s), i;
	uint64_t h = 0xcbf29ce484222325ULL ^ n;

	for (i = 0; i < n && i < 32; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	for (i = n > 64 ? n - 32 : (n > 32 ? 32 : n); i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h;
}

/* The slot sql is in, or the empty one where it would go. */
static size_t *find_slot(const struct sqlcache *c, const char *sql, uint64_t h)
{
	size_t i = (size_t)h & (c->nslot - 1);

	for (;; i = (i + 1) & (c->nslot - 1)) {
		const struct sqlcache_entry *e;

		if (!c->slot[i])
			return &c->slot[i];
		e = &c->entry[c->slot[i] - 1];
		if (e->hash == h && strcmp(e->sql, sql) == 0)
			return &c->slot[i];
	}
}

sqlite3_stmt *sqlcache_get(const struct sqlcache *c, const char *sql)
{
	size_t *slot;

	if (!c->nslot)
		return NULL;
	slot = find_slot(c, sql, hash_text(sql));
	return *slot ? c->entry[*slot - 1].stmt : NULL;
}

static int rehash(struct sqlcache *c, size_t nslot)
{
	size_t *slot = calloc(nslot, sizeof(*slot)), i;

	if (!slot)
		return -1;
	free(c->slot);
	c->slot = slot;
	c->nslot = nslot;
	for (i = 0; i < c->n; i++)
		*find_slot(c, c->entry[i].sql, c->entry[i].hash) = i + 1;
	return 0;
}

int sqlcache_put(struct sqlcache *c, const char *sql, sqlite3_stmt *s)
{
	char *copy;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct sqlcache_entry *e = realloc(c->entry, cap * sizeof(*e));

		if (!e)
			return -1;
		c->entry = e;
		c->cap = cap;
	}
	if ((c->n + 1) * 2 > c->nslot && rehash(c, c->nslot ? c->nslot * 2 : 128) != 0)
		return -1;
	copy = strdup(sql);
	if (!copy)
		return -1;
	c->entry[c->n].sql = copy;
	c->entry[c->n].hash = hash_text(sql);
	c->entry[c->n].stmt = s;
	*find_slot(c, copy, c->entry[c->n].hash) = c->n + 1;
	c->n++;
	return 0;
}

void sqlcache_release(struct sqlcache *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		sqlite3_finalize(c->entry[i].stmt);
		free(c->entry[i].sql);
	}
	free(c->entry);
	free(c->slot);
	memset(c, 0, sizeof(*c));
}
