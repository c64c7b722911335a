/*
 * transcript.c - ICANN transcript text: public-meeting and teleconference
 * styles.
 *
 * Public meetings: a header "ABU DHABI – Customer Standing Committee ... EN"
 * repeated on every page, page numbers, the standard disclaimer, and turns
 * opening with the speaker in capitals ("BYRON HOLLAND:").  Teleconferences:
 * page headers "ICANN Moderator: ... Page 3", "ICANN Transcription <group>
 * <date>", the disclaimer, and Mixed Case turns ("Coordinator:", "Byron
 * Holland:", uncertain names in parentheses).  A file uses one style: the one
 * whose speaker lines are the most numerous opens turns, so a capitalised
 * word in a teleconference or a "Note:" in a public transcript does not.
 * Page furniture is dropped wherever it falls (also inside a turn); markers
 * such as "((Crosstalk))" and "[inaudible]" stay in the text as written so
 * they can be searched, but never open a turn.  Turns keep their order.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "govrec/buf.h"
#include "govrec/util.h"
#include "govrec/draft.h"
#include "readers-int.h"
#include "readutil.h"

#define MAX_LABEL 60

enum style { STYLE_CAPS = 1, STYLE_MIXED = 2 };

/* Words before a colon that are not speakers. */
static const char *const not_speakers[] = {
	"note", "action", "action item", "ai", "decision", "resolved", "agreed", "page", "url",
	"http", "https", "attendance", "apologies", "present", "absent", "staff", "members",
	"liaisons", "agenda", "agenda item", "item", "topic", "subject", "date", "from", "to",
	"re", "cc", "dial", "confirmation", "icann moderator", "time", "recording", "ps",
	"adobe connect", "zoom", "email", "e-mail", "web", "link", "transcript", "chat",
	"owner", "due", "status", "next meeting", "aob", "minutes", "summary", "question",
	"answer", "q", "a", "update", "welcome", "roll call", NULL
};

static const char *const particles[] = { "van", "de", "der", "den", "la", "le", "von", "da",
					 "di", "du", "del", "bin", "al", NULL };

static int is_stopword(const char *s, size_t n)
{
	size_t k;
	int c = tolower((unsigned char)*s);

	/* every line of a transcript asks: the first letter rules out most words */
	for (k = 0; not_speakers[k]; k++)
		if (not_speakers[k][0] == c && strlen(not_speakers[k]) == n &&
		    strncasecmp(not_speakers[k], s, n) == 0)
			return 1;
	return 0;
}

static int is_particle(const char *s, size_t n)
{
	size_t k;

	for (k = 0; particles[k]; k++)
		if (strlen(particles[k]) == n && strncmp(particles[k], s, n) == 0)
			return 1;
	return 0;
}

/*
 * The speaker label opening line s, if any: its style, the label (without
 * surrounding parentheses) in *ls (*ln bytes), and in *rest the offset of the text
 * after the colon.
 */
static int speaker_label(const char *s, size_t n, const char **ls, size_t *ln, size_t *rest)
{
	size_t i = 0, colon, a, b, k;
	int lower = 0, upper = 0, caps;

	while (i < n && i < 4 && s[i] == ' ')
		i++;
	colon = i;
	while (colon < n && colon - i <= MAX_LABEL + 2 && s[colon] != ':')
		colon++;
	if (colon >= n || s[colon] != ':' || colon == i || colon - i > MAX_LABEL + 2)
		return 0;
	if (colon + 1 < n && s[colon + 1] != ' ' && s[colon + 1] != '\t')
		return 0;
	a = i;
	b = colon;
	while (b > a && s[b - 1] == ' ')
		b--;
	if (s[a] == '(' && b > a + 2 && s[b - 1] == ')') {
		a++;
		b--;
	}
	if (b - a < 2 || b - a > MAX_LABEL)
		return 0;
	if (!(isupper((unsigned char)s[a]) || (unsigned char)s[a] >= 0x80))
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
	if (upper + lower < 2 || is_stopword(s + a, b - a))
		return 0;
	caps = lower == 0;
	if (!caps) {
		/* Mixed Case: at most five words, each capitalised or a particle. */
		size_t w = a, words = 0;

		while (w < b) {
			size_t e = w;

			while (e < b && s[e] != ' ')
				e++;
			if (e > w) {
				words++;
				if (!(isupper((unsigned char)s[w]) || (unsigned char)s[w] >= 0x80 ||
				      is_particle(s + w, e - w)))
					return 0;
			}
			w = e + 1;
		}
		if (words > 5)
			return 0;
	}
	*ls = s + a;
	*ln = b - a;
	*rest = colon + 1;
	return caps ? STYLE_CAPS : STYLE_MIXED;
}

static int starts_ci(const char *s, size_t n, const char *prefix)
{
	size_t m = strlen(prefix);

	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	return n >= m && strncasecmp(s, prefix, m) == 0;
}

static int only_digits_words(const char *s, size_t n, const char *word)
{
	/* "3", "Page 3", "Page 3 of 40" */
	size_t i = 0, m = word ? strlen(word) : 0;
	int d = 0;

	while (i < n && s[i] == ' ')
		i++;
	if (word) {
		if (n - i < m || strncasecmp(s + i, word, m) != 0)
			return 0;
		i += m;
		while (i < n && s[i] == ' ')
			i++;
	}
	while (i < n && isdigit((unsigned char)s[i]))
		i++, d++;
	if (d && word && n - i > 4 && strncasecmp(s + i, " of ", 4) == 0) {
		i += 4;
		while (i < n && isdigit((unsigned char)s[i]))
			i++;
	}
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return d > 0 && d <= 4 && i == n;
}

/* The public-meeting page header "CITY – Session    EN": its length without " EN", or 0. */
static size_t en_header(const char *s, size_t n)
{
	size_t b = n;

	while (b && (s[b - 1] == ' ' || s[b - 1] == '\t'))
		b--;
	if (b == 2 && strncmp(s, "EN", 2) == 0)
		return 1;
	if (b < 4 || strncmp(s + b - 2, "EN", 2) != 0 || (s[b - 3] != ' ' && s[b - 3] != '\t'))
		return 0;
	if (!(s[b - 4] == ' ' || s[b - 4] == '\t'))
		return 0;
	if (!mem_find(s, b, " – ") && !mem_find(s, b, " - "))
		return 0;
	b -= 2;
	while (b && (s[b - 1] == ' ' || s[b - 1] == '\t'))
		b--;
	return b;
}

int govrec_detect_transcript(const unsigned char *data, size_t len, const char *name)
{
	struct line_iter it;
	const char *s, *ls;
	size_t n, ln, rest, lines = 0;
	int caps = 0, mixed = 0, marks = 0, score = 0, st;

	if (memchr(data, '\0', len < 65536 ? len : 65536))
		return 0;
	line_iter_init(&it, data, len < 65536 ? len : 65536);
	while (lines < 2000 && line_next(&it, &s, &n, NULL) == 1) {
		lines++;
		if (starts_ci(s, n, "ICANN Transcription") || starts_ci(s, n, "ICANN Moderator:") ||
		    mem_find(s, n, "resulting from transcribing"))
			marks++;
		st = speaker_label(s, n, &ls, &ln, &rest);
		if (st == STYLE_CAPS)
			caps++;
		else if (st == STYLE_MIXED)
			mixed++;
	}
	if (marks)
		score += 50;
	if (caps >= 3 || mixed >= 3)
		score += 40;
	else if (!marks)
		return 0;
	if (name_ends(name, ".txt"))
		score += 5;
	return score > 95 ? 95 : score;
}

struct turn {
	struct govrec_document_draft *d;
	struct govrec_buf speaker, text;
	int oom;
};

static void turn_flush(struct turn *t)
{
	while (t->text.len && t->text.data[t->text.len - 1] == '\n')
		govrec_buf_setlen(&t->text, t->text.len - 1);
	if (t->text.len && govrec_draft_add_capped(t->d, t->speaker.len ? t->speaker.data : NULL,
					    GOVREC_NO_TIME, GOVREC_NO_TIME, NULL, t->text.data))
		t->oom = 1;
	govrec_buf_reset(&t->text);
}

/* The first pass: which style opens turns. */
static int pick_style(const void *data, size_t len, struct govrec_error *err)
{
	struct line_iter it;
	const char *s, *ls;
	size_t n, ln, rest;
	int caps = 0, mixed = 0, r, st;

	line_iter_init(&it, data, len);
	while ((r = line_next(&it, &s, &n, err)) == 1) {
		if (starts_ci(s, n, "ICANN Moderator:"))
			continue;
		st = speaker_label(s, n, &ls, &ln, &rest);
		caps += st == STYLE_CAPS;
		mixed += st == STYLE_MIXED;
	}
	if (r < 0)
		return -1;
	return caps >= mixed ? STYLE_CAPS : STYLE_MIXED;
}

enum govrec_status govrec_read_transcript(const unsigned char *data, size_t len, const char *name,
					  struct govrec_document_draft *d,
					  struct govrec_error *err)
{
	struct line_iter it;
	struct turn t;
	struct govrec_buf title = GOVREC_BUF_INIT;
	const char *s, *ls;
	size_t n, ln, rest, hl;
	enum govrec_status rc;
	int style, r, in_turn = 0, header = 0, disclaimer = 0, title_mode = 0, have_date = 0;
	char date[11];

	if ((rc = govrec_utf8_check(data, len, err)) != GOVREC_OK)
		return rc;
	style = pick_style(data, len, err);
	if (style < 0)
		return GOVREC_INVALID;
	memset(&t, 0, sizeof(t));
	t.d = d;
	govrec_buf_init(&t.speaker);
	govrec_buf_init(&t.text);
	line_iter_init(&it, data, len);
	while ((r = line_next(&it, &s, &n, err)) == 1) {
		/* Page furniture, wherever it falls. */
		if (header) {
			header--;
			if (only_digits_words(s, n, "Page"))
				header = 0;
			continue;
		}
		if (starts_ci(s, n, "ICANN Moderator:")) {
			header = 4;
			continue;
		}
		if (only_digits_words(s, n, "Page") || only_digits_words(s, n, NULL) ||
		    starts_ci(s, n, "Confirmation #") || starts_ci(s, n, "[END OF TRANSCRIPT"))
			continue;
		if ((hl = en_header(s, n)) > 0) {
			if (!title.len && hl > 1)
				add_words(&title, s, hl);
			continue;
		}
		if (disclaimer) {
			if (line_blank(s, n) || mem_find(s, n, "authoritative record"))
				disclaimer = 0;
			continue;
		}
		if (starts_ci(s, n, "Note:") && mem_find(s, n, "following is the output")) {
			disclaimer = !mem_find(s, n, "authoritative record");
			continue;
		}
		/* The preamble: title and date lines. */
		if (!in_turn && starts_ci(s, n, "ICANN Transcription")) {
			govrec_buf_reset(&title);
			add_words(&title, s, n);
			title_mode = 1;
			if (!have_date && find_date(s, n, date) == 0)
				have_date = 1, title_mode = 0;
			continue;
		}
		if (title_mode) {
			if (line_blank(s, n)) {
				title_mode = 0;
			} else if (find_date(s, n, date) == 0) {
				have_date = 1;
				title_mode = 0;
			} else {
				add_words(&title, s, n);
			}
			continue;
		}
		if (speaker_label(s, n, &ls, &ln, &rest) == style) {
			turn_flush(&t);
			in_turn = 1;
			govrec_buf_reset(&t.speaker);
			govrec_buf_add(&t.speaker, ls, ln);
			add_words(&t.text, s + rest, n - rest);
			continue;
		}
		if (!in_turn && !have_date && find_date(s, n, date) == 0) {
			have_date = 1;
			continue;
		}
		if (line_blank(s, n)) {
			if (!in_turn)
				turn_flush(&t);
			else if (t.text.len && t.text.data[t.text.len - 1] != '\n')
				govrec_buf_addch(&t.text, '\n');
			continue;
		}
		add_words(&t.text, s, n);
	}
	if (r == 0)
		turn_flush(&t);
	if (r == 0 && !t.oom) {
		if (!d->kind)
			govrec_draft_set(&d->kind, "transcript");
		if (!d->title && title.len)
			govrec_draft_set(&d->title, title.data);
		if (!d->date && have_date)
			govrec_draft_set(&d->date, date);
		if (!d->media_type)
			govrec_draft_set(&d->media_type, "text/plain");
	}
	govrec_buf_release(&title);
	govrec_buf_release(&t.speaker);
	govrec_buf_release(&t.text);
	if (r < 0)
		return GOVREC_INVALID;
	if (t.oom)
		return govrec_error_oom(err);
	return GOVREC_OK;
}
