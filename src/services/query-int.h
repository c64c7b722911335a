/*
 * query-int.h - what the query language's lexer and parser (query.c) need
 * of its field terms (query-field.c).
 */
#ifndef GOVREC_QUERY_INT_H
#define GOVREC_QUERY_INT_H

#include <stddef.h>

#include "govrec/error.h"
#include "govrec/search.h"

/* A field of the query language: its name, and how its values are read. */
struct query_field;

/* The field named by the len bytes at name (any case), or NULL. */
const struct query_field *query_field_find(const char *name, size_t len);

/*
 * Adds the filter def:value (len bytes) to q: GOVREC_INVALID, worded for a
 * user, for an empty or bad value; q is unchanged then.
 */
enum govrec_status query_add_filter(struct govrec_query *q, const struct query_field *def,
				    const char *value, size_t len, struct govrec_error *err);

/*
 * The error for a term name:value (len bytes at term, the name its first
 * name_len) whose name is no field: it lists the fields there are.
 */
enum govrec_status query_unknown_field(const char *term, size_t len, size_t name_len,
				       struct govrec_error *err);

#endif
