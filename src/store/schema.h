/* schema.h - private: the migration steps of schema.c, used by store.c. */
#ifndef GOVREC_SCHEMA_H
#define GOVREC_SCHEMA_H

/*
 * The SQL statements (a NULL-terminated list) that bring a file from
 * from_version to from_version + 1, or NULL when there is no such step.
 */
const char *const *govrec_schema_migration(int from_version);

#endif
