/*
 * transcript-line.c - what one line of a transcript is: a speaker's turn
 * opening, a Zoom block head or timed line, page furniture, an event or a
 * closing marker (see transcript-int.h).  Every test works on a line
 * cleaned by tline_set(), so no-break spaces, tabs and form feeds from
 * PDF-to-text change nothing.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "govrec/buf.h"
#include "transcript-int.h"

#define MAX_LABEL 60

void tline_set(struct tline *l, const char *raw, size_t n)
{
	size_t i;
	/* memchr is vectorised: four scans of a line beat one loop over its bytes */
	int plain = !memchr(raw, '\t', n) && !memchr(raw, '\f', n) && !memchr(raw, 0xc2, n) &&
	            !memchr(raw, '\v', n);

	l->ff = 0;
	if (plain) {
		/* most lines: trimmed in place, no copy */
		while (n && raw[0] == ' ')
			raw++, n--;
		while (n && raw[n - 1] == ' ')
			n--;
		l->s = raw;
		l->n = n;
		return;
	}
	govrec_buf_reset(&l->buf);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)raw[i];

		if (c == '\f') {
			l->ff = 1;
			c = ' ';
		} else if (c == '\t' || c == '\v') {
			c = ' ';
		} else if (c == 0xc2 && i + 1 < n && (unsigned char)raw[i + 1] == 0xa0) {
			i++; /* U+00A0 no-break space */
			c = ' ';
		}
		govrec_buf_addch(&l->buf, c);
	}
	govrec_buf_trim(&l->buf);
	l->s = l->buf.data ? l->buf.data : "";
	l->n = l->buf.len;
}

int tline_next(struct line_iter *it, struct tline *l, struct govrec_error *err)
{
	const char *s;
	size_t n;
	int r = line_next(it, &s, &n, err);

	if (r == 1)
		tline_set(l, s, n);
	return r;
}

int starts_ci(const char *s, size_t n, const char *prefix)
{
	size_t m;

	/* every line meets every prefix: the first letter rules most out */
	if (!n || tolower((unsigned char)*s) != tolower((unsigned char)*prefix))
		return 0;
	m = strlen(prefix);
	return n >= m && strncasecmp(s, prefix, m) == 0;
}

/* Words before a colon that are not speakers. */
static const char *const not_speakers[] = {"note",
                                           "action",
                                           "action item",
                                           "ai",
                                           "decision",
                                           "resolved",
                                           "agreed",
                                           "page",
                                           "url",
                                           "http",
                                           "https",
                                           "attendance",
                                           "apologies",
                                           "present",
                                           "absent",
                                           "staff",
                                           "members",
                                           "liaisons",
                                           "agenda",
                                           "agenda item",
                                           "item",
                                           "topic",
                                           "subject",
                                           "date",
                                           "from",
                                           "to",
                                           "re",
                                           "cc",
                                           "dial",
                                           "confirmation",
                                           "icann moderator",
                                           "time",
                                           "recording",
                                           "ps",
                                           "adobe connect",
                                           "zoom",
                                           "email",
                                           "e-mail",
                                           "web",
                                           "link",
                                           "transcript",
                                           "chat",
                                           "owner",
                                           "due",
                                           "status",
                                           "next meeting",
                                           "aob",
                                           "minutes",
                                           "summary",
                                           "question",
                                           "answer",
                                           "q",
                                           "a",
                                           "update",
                                           "welcome",
                                           "roll call",
                                           "transcription",
                                           NULL};

static const char *const particles[] = {"van", "de", "der", "den", "la",  "le", "von",
                                        "da",  "di", "du",  "del", "bin", "al", NULL};

static int in_list(const char *const *list, const char *s, size_t n, int icase)
{
	size_t k;

	for (k = 0; list[k]; k++)
		if (tolower((unsigned char)list[k][0]) == tolower((unsigned char)*s) &&
		    strlen(list[k]) == n &&
		    (icase ? strncasecmp(list[k], s, n) : strncmp(list[k], s, n)) == 0)
			return 1;
	return 0;
}

/* Mixed Case labels: at most five words, each capitalised or a particle. */
static int mixed_words_ok(const char *s, size_t a, size_t b)
{
	size_t w = a, words = 0;

	while (w < b) {
		size_t e = w;

		while (e < b && s[e] != ' ')
			e++;
		if (e > w) {
			words++;
			if (!(isupper((unsigned char)s[w]) || (unsigned char)s[w] >= 0x80 ||
			      in_list(particles, s + w, e - w, 0)))
				return 0;
		}
		w = e + 1;
	}
	return words <= 5;
}

int speaker_label(const char *s, size_t n, const char **ls, size_t *ln, size_t *rest)
{
	size_t colon = 0, a, b, k;
	int lower = 0, upper = 0;

	while (colon < n && colon <= MAX_LABEL + 2 && s[colon] != ':')
		colon++;
	if (colon >= n || s[colon] != ':' || colon == 0 || colon > MAX_LABEL + 2)
		return 0;
	if (colon + 1 < n && s[colon + 1] != ' ')
		return 0;
	a = 0;
	b = colon;
	while (b > a && s[b - 1] == ' ')
		b--;
	if (s[a] == '(' && b > a + 2 && s[b - 1] == ')')
		a++, b--;
	if (b - a < 2 || b - a > MAX_LABEL)
		return 0;
	if (!(isupper((unsigned char)s[a]) || (unsigned char)s[a] >= 0x80))
		return 0;
	/* a spaced dash is a page header ("SAN JUAN – Joint Meeting:"), not a name */
	if (mem_find(s + a, b - a, " \xe2\x80\x93 ") || mem_find(s + a, b - a, " - "))
		return 0;
	for (k = a; k < b; k++) {
		unsigned char c = (unsigned char)s[k];

		if (islower(c))
			lower++;
		else if (isupper(c))
			upper++;
		else if (!(c == ' ' || c == '.' || c == '\'' || c == '-' || c >= 0x80))
			return 0;
	}
	if (upper + lower < 2 || in_list(not_speakers, s + a, b - a, 1))
		return 0;
	if (lower && !mixed_words_ok(s, a, b))
		return 0;
	*ls = s + a;
	*ln = b - a;
	*rest = colon + 1;
	return lower ? STYLE_MIXED : STYLE_CAPS;
}

/* hh:mm:ss or h:mm:ss at s[*i]: the time of day in ms, or -1. */
static int64_t hms(const char *s, size_t n, size_t *i)
{
	long part[3] = {0, 0, 0};
	int np;

	for (np = 0; np < 3; np++) {
		size_t st = *i;

		if (np && (*i >= n || s[*i] != ':'))
			return -1;
		if (np)
			(*i)++;
		st = *i;
		while (*i < n && isdigit((unsigned char)s[*i]) && *i - st < 2)
			part[np] = part[np] * 10 + (s[(*i)++] - '0');
		if (*i == st || (np && *i - st != 2))
			return -1;
	}
	if (*i < n && isdigit((unsigned char)s[*i]))
		return -1;
	if (part[0] > 23 || part[1] > 59 || part[2] > 59)
		return -1;
	return ((int64_t)part[0] * 3600 + part[1] * 60 + part[2]) * 1000;
}

int zoom_block_head(const char *s, size_t n, const char **ns, size_t *nn, int64_t *at)
{
	const char *close;
	size_t i;

	if (n < 8 || s[0] != '[')
		return 0;
	close = memchr(s, ']', n);
	if (!close || close == s + 1 || close - s > MAX_LABEL + 1)
		return 0;
	i = (size_t)(close - s) + 1;
	while (i < n && s[i] == ' ')
		i++;
	if (i == (size_t)(close - s) + 1 || (*at = hms(s, n, &i)) < 0 || i != n)
		return 0;
	*ns = s + 1;
	*nn = (size_t)(close - s) - 1;
	return 1;
}

int zoom_timed_line(const char *s, size_t n, const char **ns, size_t *nn, int64_t *at, size_t *rest)
{
	size_t i = 0, a, colon;

	if ((*at = hms(s, n, &i)) < 0 || i >= n || s[i] != ' ')
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	a = i;
	if (starts_ci(s + a, n - a, "From "))
		return 0; /* Zoom chat */
	for (colon = a; colon < n && colon - a <= MAX_LABEL && s[colon] != ':'; colon++)
		;
	if (colon >= n || s[colon] != ':' || colon == a || colon - a > MAX_LABEL)
		return 0;
	if (colon + 1 < n && s[colon + 1] != ' ')
		return 0;
	*ns = s + a;
	*nn = colon - a;
	*rest = colon + 1;
	return 1;
}

int zoom_chat_like(const char *s, size_t n)
{
	size_t i = 0;

	if (hms(s, n, &i) < 0 || i >= n)
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	return starts_ci(s + i, n - i, "From ");
}

static int digits_only(const char *s, size_t n, size_t max)
{
	size_t i;

	if (n == 0 || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

int page_line(const char *s, size_t n)
{
	const char *of;

	if (digits_only(s, n, 4))
		return 1;
	if (starts_ci(s, n, "Confirmation #") || starts_ci(s, n, "Confirmation#"))
		return 1;
	if (!starts_ci(s, n, "Page "))
		return 0;
	s += 5, n -= 5;
	while (n && *s == ' ')
		s++, n--;
	of = mem_find(s, n, " of ");
	if (of)
		return digits_only(s, (size_t)(of - s), 4) &&
		       digits_only(of + 4, n - (size_t)(of + 4 - s), 4);
	return digits_only(s, n, 4);
}

size_t en_header(const char *s, size_t n)
{
	size_t b = n;

	if (n == 2 && memcmp(s, "EN", 2) == 0)
		return 1;
	if (b < 6 || memcmp(s + b - 3, " EN", 3) != 0 || s[b - 4] != ' ')
		return 0;
	if (!mem_find(s, b, " \xe2\x80\x93 ") && !mem_find(s, b, " - "))
		return 0;
	b -= 3;
	while (b && s[b - 1] == ' ')
		b--;
	return b;
}

size_t moderator_line(const char *s, size_t n)
{
	size_t i;

	if (starts_ci(s, n, "ICANN Moderator:"))
		i = 16;
	else if (starts_ci(s, n, "Moderator:"))
		i = 10;
	else
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

/* A run of 1 to max digits at s[*i]: its value, or -1. */
static long num(const char *s, size_t n, size_t *i, size_t max)
{
	size_t st = *i;
	long v = 0;

	while (*i < n && isdigit((unsigned char)s[*i]) && *i - st < max)
		v = v * 10 + (s[(*i)++] - '0');
	if (*i == st || (*i < n && isdigit((unsigned char)s[*i])))
		return -1;
	return v;
}

/* A zone after a time: "CT", "UTC", "AST", "UTC+1"; its length (at most 7), or 0. */
static size_t zone(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && i < 5 && isupper((unsigned char)s[i]))
		i++;
	if (i < 2 || (i < n && isalpha((unsigned char)s[i])))
		return 0;
	if (i + 1 < n && (s[i] == '+' || s[i] == '-') && isdigit((unsigned char)s[i + 1])) {
		i += 2;
		if (i < n && isdigit((unsigned char)s[i]))
			i++;
	}
	return i <= 7 ? i : 0; /* "CTICA+99" is no zone, and would not fit */
}

/* h:mm [am|pm] at s[*i] into hhmm; 0, or -1 when there is none. */
static int clock_at(const char *s, size_t n, size_t *i, char hhmm[6])
{
	size_t j = *i;
	long h = num(s, n, &j, 2), m;

	if (h < 0 || j >= n || s[j] != ':')
		return -1;
	j++;
	if (j + 2 > n || !isdigit((unsigned char)s[j]) || !isdigit((unsigned char)s[j + 1]))
		return -1;
	m = (s[j] - '0') * 10 + (s[j + 1] - '0');
	j += 2;
	if ((j < n && (isdigit((unsigned char)s[j]) || s[j] == ':')) || h > 23 || m > 59)
		return -1;
	if (j + 3 <= n && s[j] == ' ' && strchr("apAP", s[j + 1]) &&
	    (s[j + 2] == 'm' || s[j + 2] == 'M') &&
	    (j + 3 == n || !isalpha((unsigned char)s[j + 3]))) {
		if (h > 12 || h == 0)
			return -1;
		h = h % 12 + ((s[j + 1] == 'p' || s[j + 1] == 'P') ? 12 : 0);
		j += 3;
	}
	hhmm[0] = (char)('0' + h / 10);
	hhmm[1] = (char)('0' + h % 10);
	hhmm[2] = ':';
	hhmm[3] = (char)('0' + m / 10);
	hhmm[4] = (char)('0' + m % 10);
	hhmm[5] = '\0';
	*i = j;
	return 0;
}

int clock_zone(const char *s, size_t n, char hhmm[6], char end[6], char tz[8])
{
	size_t i, j, z;

	end[0] = tz[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0 && isalnum((unsigned char)s[i - 1]))
			continue;
		j = i;
		if (clock_at(s, n, &j, hhmm) != 0)
			continue;
		/* "12:15 to 13:45", "12:15-13:45", "12:15 – 13:45" */
		{
			size_t k = j;

			while (k < n && s[k] == ' ')
				k++;
			if (starts_ci(s + k, n - k, "to "))
				k += 3;
			else if (k < n && s[k] == '-')
				k++;
			else if (starts_ci(s + k, n - k, "\xe2\x80\x93"))
				k += 3;
			while (k < n && s[k] == ' ')
				k++;
			if (k > j && clock_at(s, n, &k, end) == 0)
				j = k;
		}
		while (j < n && s[j] == ' ')
			j++;
		if ((z = zone(s + j, n - j)) > 0) {
			memcpy(tz, s + j, z);
			tz[z] = '\0';
		}
		return 1;
	}
	return 0;
}

int call_time_line(const char *s, size_t n, char date[11], char hhmm[6], char tz[8])
{
	size_t i = 0;
	long m = num(s, n, &i, 2), d, y;
	char end[6];

	if (m < 1 || m > 12 || i >= n || s[i] != '-')
		return 0;
	i++;
	d = num(s, n, &i, 2);
	if (d < 1 || d > 31 || i >= n || s[i] != '-')
		return 0;
	i++;
	y = num(s, n, &i, 4);
	if (y < 0 || i >= n || s[i] != '/')
		return 0;
	if (y < 100)
		y += y < 70 ? 2000 : 1900;
	i++;
	if (!clock_zone(s + i, n - i, hhmm, end, tz))
		return 0;
	date[0] = (char)('0' + y / 1000);
	date[1] = (char)('0' + y / 100 % 10);
	date[2] = (char)('0' + y / 10 % 10);
	date[3] = (char)('0' + y % 10);
	date[4] = '-';
	date[5] = (char)('0' + m / 10);
	date[6] = (char)('0' + m % 10);
	date[7] = '-';
	date[8] = (char)('0' + d / 10);
	date[9] = (char)('0' + d % 10);
	date[10] = '\0';
	return 1;
}

/* The span of a bracketed event at s ("((Crosstalk))", "[Laughter]"), or 0. */
static size_t event_at(const char *s, size_t n)
{
	char open = s[0], close = open == '(' ? ')' : ']';
	size_t depth = 0, i, words = 1;

	if (open != '(' && open != '[')
		return 0;
	for (i = 0; i < n && i < 64; i++) {
		if (s[i] == open)
			depth++;
		else if (s[i] == close && --depth == 0)
			break;
		else if (s[i] == ':')
			return 0;
		else if (s[i] == ' ')
			words++;
	}
	if (i >= n || i >= 64 || depth || words > 6 || i < 2)
		return 0;
	return i + 1;
}

int event_line(const char *s, size_t n)
{
	size_t i = 0, e;

	while (i < n) {
		if ((e = event_at(s + i, n - i)) == 0)
			return 0;
		i += e;
		while (i < n && s[i] == ' ')
			i++;
	}
	return n > 0;
}

int closing_line(const char *s, size_t n)
{
	size_t a = 0, b = n;

	while (a < b && !isalpha((unsigned char)s[a]))
		a++;
	while (b > a && !isalpha((unsigned char)s[b - 1]))
		b--;
	if (b - a == 3 && memcmp(s + a, "END", 3) == 0)
		return a < 4 && n - b < 4;
	if (b - a >= 30 || b - a < 8)
		return 0;
	/* "[End of recording]" in brackets; bare, only in capitals: "End of the item." is text */
	if (s[0] == '[' || s[0] == '(')
		return starts_ci(s + a, b - a, "END OF ");
	return a == 0 && memcmp(s, "END OF ", 7) == 0;
}

static const char *const weekdays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                       "Friday", "Saturday", "Sunday",    NULL};

size_t weekday_at(const char *s, size_t n)
{
	size_t i, k, m;

	for (i = 0; i < n; i++) {
		if (i > 0 && s[i - 1] != ' ')
			continue;
		for (k = 0; weekdays[k]; k++) {
			m = strlen(weekdays[k]);
			if (n - i > m && strncmp(s + i, weekdays[k], m) == 0 &&
			    (s[i + m] == ',' || s[i + m] == ' '))
				return i;
		}
	}
	return n;
}
