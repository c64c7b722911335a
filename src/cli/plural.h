/*
 * plural.h - a count's noun in the right number ("1 meeting", "2 meetings"),
 * for the summaries the CLI prints.  English only, as every message is.
 */
#ifndef GOVREC_CLI_PLURAL_H
#define GOVREC_CLI_PLURAL_H

/* one when n is 1, else many: cli_printf("%llu %s", n, cli_plural(n, "file", "files")). */
static inline const char *cli_plural(unsigned long long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

#endif
