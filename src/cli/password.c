/*
 * password.c - reading the password of a secret key, for `key generate` and
 * for whatever signs with a protected key (`export --sign`).
 *
 * In order: the file descriptor given with --password-fd (one line), the
 * environment variable GOVREC_PASSWORD (for scripts), or the terminal
 * (/dev/tty, without echo, asked twice when a new key is made).  The
 * password lives in sodium_malloc memory and is wiped when released.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "cli.h"

#define PASSWORD_MAX 1024

/* Reads one line from fd into pw (PASSWORD_MAX bytes). */
static int read_line(int fd, char *pw, struct cli *c, const char *from)
{
	size_t n = 0;

	for (;;) {
		char ch;
		ssize_t got = read(fd, &ch, 1);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return govrec_error_set(&c->err, GOVREC_ERROR,
						"cannot read the password from %s: %s", from,
						strerror(errno));
		if (got == 0 || ch == '\n')
			break;
		if (n + 1 >= PASSWORD_MAX)
			return govrec_error_set(&c->err, GOVREC_INVALID,
						"the password from %s is longer than %d bytes", from,
						PASSWORD_MAX - 1);
		pw[n++] = ch;
	}
	if (n > 0 && pw[n - 1] == '\r')
		n--;
	pw[n] = '\0';
	return GOVREC_OK;
}

/* Asks on the terminal without echo. */
static int ask(int tty, const char *prompt, char *pw, struct cli *c)
{
	struct termios old, quiet;
	int rc, restore;

	restore = tcgetattr(tty, &old) == 0;
	if (restore) {
		quiet = old;
		quiet.c_lflag &= (tcflag_t) ~(ECHO | ECHONL);
		quiet.c_lflag |= ICANON;
		tcsetattr(tty, TCSAFLUSH, &quiet);
	}
	if (write(tty, prompt, strlen(prompt)) < 0) {
		/* Nothing to do: the read below still works. */
	}
	rc = read_line(tty, pw, c, "the terminal");
	if (restore)
		tcsetattr(tty, TCSAFLUSH, &old);
	if (write(tty, "\n", 1) < 0) {
		/* As above. */
	}
	return rc;
}

int cli_password(struct cli *c, int fd, int confirm, char **out)
{
	const char *env = getenv("GOVREC_PASSWORD");
	char *pw, *again = NULL;
	int tty = -1, rc;

	*out = NULL;
	if (sodium_init() < 0 || !(pw = sodium_malloc(PASSWORD_MAX)))
		return govrec_error_oom(&c->err);
	if (fd >= 0) {
		rc = read_line(fd, pw, c, "--password-fd");
	} else if (env) {
		if (strlen(env) >= PASSWORD_MAX) {
			rc = govrec_error_set(&c->err, GOVREC_INVALID,
					      "GOVREC_PASSWORD is longer than %d bytes",
					      PASSWORD_MAX - 1);
		} else {
			strcpy(pw, env);
			rc = GOVREC_OK;
		}
	} else if ((tty = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)) < 0) {
		rc = govrec_error_set(&c->err, GOVREC_INVALID,
				      "a password is needed and there is no terminal to ask on: "
				      "give it with --password-fd N or GOVREC_PASSWORD");
	} else {
		rc = ask(tty, "Password: ", pw, c);
		if (rc == GOVREC_OK && confirm) {
			again = sodium_malloc(PASSWORD_MAX);
			if (!again)
				rc = govrec_error_oom(&c->err);
			else
				rc = ask(tty, "Password (again): ", again, c);
			if (rc == GOVREC_OK && strcmp(pw, again) != 0)
				rc = govrec_error_set(&c->err, GOVREC_INVALID,
						      "the two passwords are not the same");
			if (again)
				sodium_free(again);
		}
	}
	if (tty >= 0)
		close(tty);
	if (rc == GOVREC_OK && !*pw)
		rc = govrec_error_set(&c->err, GOVREC_INVALID,
				      "the password is empty (use -W for a key without a password)");
	if (rc != GOVREC_OK) {
		sodium_free(pw);
		return rc;
	}
	*out = pw;
	return GOVREC_OK;
}

void cli_password_free(char *pw)
{
	if (pw)
		sodium_free(pw);
}
