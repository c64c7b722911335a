/*
 * cmd-init.c - `govrec init`: create an archive, or upgrade an older one.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cli.h"
#include "commands.h"
#include "govrec/committee.h"

/* mkdir -p of the directory part of path. */
static int make_parents(struct cli *c, const char *path)
{
	struct govrec_buf dir = GOVREC_BUF_INIT;
	size_t i;
	int rc = 0;

	govrec_buf_adds(&dir, path);
	for (i = 1; i < dir.len; i++) {
		if (dir.data[i] != '/')
			continue;
		dir.data[i] = '\0';
		if (mkdir(dir.data, 0777) != 0 && errno != EEXIST) {
			govrec_error_set(&c->err, GOVREC_ERROR, "cannot create directory '%s': %s",
					 dir.data, strerror(errno));
			rc = -1;
			break;
		}
		dir.data[i] = '/';
	}
	govrec_buf_release(&dir);
	return rc;
}

static void remove_archive(const char *path)
{
	struct govrec_buf b = GOVREC_BUF_INIT;

	unlink(path);
	govrec_buf_addf(&b, "%s-wal", path);
	unlink(b.data);
	govrec_buf_reset(&b);
	govrec_buf_addf(&b, "%s-shm", path);
	unlink(b.data);
	govrec_buf_release(&b);
}

int cmd_init(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "committee", required_argument, NULL, 'c' },
		{ "short", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	const char *name = GOVREC_DEFAULT_COMMITTEE, *short_name = GOVREC_DEFAULT_SHORT;
	struct stat sb;
	int o, rc;

	while ((o = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (o) {
		case 'c': name = cli_optarg; break;
		case 's': short_name = cli_optarg; break;
		case CLI_OPT_HELP: return GOVREC_OK;
		default: return GOVREC_INVALID;
		}
	}
	if (cli_optind < argc)
		return cli_usage(c, "unexpected argument '%s'", argv[cli_optind]);

	if (stat(c->db_path, &sb) == 0) {
		/* An existing archive: opening it for writing migrates an older schema. */
		rc = govrec_store_open(c->db_path, GOVREC_STORE_READONLY, &c->st, &c->err);
		if (rc == GOVREC_OK) {
			govrec_store_close(c->st);
			c->st = NULL;
			return govrec_error_set(&c->err, GOVREC_REFUSED, "'%s' already exists",
						c->db_path);
		}
		if (!strstr(c->err.msg, "to upgrade it"))
			return rc;
		govrec_error_clear(&c->err);
		rc = govrec_store_open(c->db_path, GOVREC_STORE_WRITE, &c->st, &c->err);
		if (rc != GOVREC_OK)
			return rc;
		cli_printf("upgraded '%s' to schema %d\n", c->db_path, govrec_schema_version());
		return GOVREC_OK;
	}
	if (make_parents(c, c->db_path) != 0)
		return GOVREC_ERROR;
	rc = govrec_store_open(c->db_path, GOVREC_STORE_CREATE, &c->st, &c->err);
	if (rc != GOVREC_OK) {
		remove_archive(c->db_path);
		return rc;
	}
	govrec_store_set_actor(c->st, c->actor);
	rc = govrec_archive_setup(c->st, name, short_name, &c->err);
	if (rc != GOVREC_OK) {
		/* Nothing half-made stays behind. */
		govrec_store_close(c->st);
		c->st = NULL;
		remove_archive(c->db_path);
		return rc;
	}
	if (c->json) {
		struct govrec_buf b = GOVREC_BUF_INIT;
		struct govrec_json j;

		govrec_json_init(&j, &b);
		govrec_json_object(&j);
		govrec_json_kstr(&j, "path", c->db_path);
		govrec_json_kstr(&j, "committee", name);
		govrec_json_kstr(&j, "short", short_name);
		govrec_json_kint(&j, "schema", govrec_schema_version());
		govrec_json_end(&j);
		cli_print_json(&b);
		govrec_buf_release(&b);
	} else {
		cli_printf("created archive '%s' for the %s (%s)\n", c->db_path, name, short_name);
	}
	return GOVREC_OK;
}
