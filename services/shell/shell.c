/*
 * The console shell, a user-mode program: a line editor with history on
 * the console terminal (serial and keyboard alike, raw bytes on fd 0),
 * and the commands registered with SHELL_CMD in the cmd_*.c files.
 * Editing uses only CR, backspace and spaces to redraw, which every
 * console (serial terminals, VGA text, the framebuffer) understands.
 *
 * Keys: Enter runs the line; Backspace; Left/Right move; Up/Down walk the
 * history; Ctrl-A/Ctrl-E start/end; Ctrl-U clears; Ctrl-C abandons.
 *
 * Started under another name, the program is that command, as busybox's
 * applets are: the boot ping is "ping -c 3 ..." run as a service.
 */
#include "shell.h"
#include <errno.h>
#include <string.h>
#include <unistd.h>

#define LINE_MAX	256
#define HISTORY		16
#define MAX_ARGS	64	/* tc with every netem option takes about 25; an nft rule more */
#define PROMPT		"skiff> "

extern const struct shell_cmd __start_shell_cmds[], __stop_shell_cmds[];

struct editor {
	char line[LINE_MAX];
	size_t len, cur;
	size_t shown;		/* characters drawn last time, to blank leftovers */
	char history[HISTORY][LINE_MAX];
	int hist_count, hist_pos;
};

static struct editor ed;

static const struct shell_cmd *find_cmd(const char *name)
{
	for (const struct shell_cmd *c = __start_shell_cmds; c < __stop_shell_cmds; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

int shell_usage(char **argv)
{
	const struct shell_cmd *c = find_cmd(argv[0]);

	if (c)
		printf("usage: %s\n", c->usage);
	return 1;
}

static void put(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void redraw(void)
{
	char buf[2 * LINE_MAX + 16];
	size_t n = 0, i;

	n += (size_t)snprintf(buf, sizeof(buf), "\r" PROMPT "%.*s", (int)ed.len, ed.line);
	for (i = ed.len; i < ed.shown && n < sizeof(buf); i++)
		buf[n++] = ' ';
	for (i = ed.len > ed.shown ? ed.len : ed.shown; i > ed.cur && n < sizeof(buf); i--)
		buf[n++] = '\b';
	put(buf, n);
	ed.shown = ed.len;
}

static void set_line(const char *s)
{
	strlcpy(ed.line, s, sizeof(ed.line));
	ed.len = ed.cur = strlen(ed.line);
	redraw();
}

/* Typing at the end of the line only echoes; an edit inside it redraws. */
static void insert(char c)
{
	bool at_end = ed.cur == ed.len;

	if (ed.len + 1 >= LINE_MAX)
		return;
	memmove(ed.line + ed.cur + 1, ed.line + ed.cur, ed.len - ed.cur);
	ed.line[ed.cur++] = c;
	ed.len++;
	if (at_end) {
		put(&c, 1);
		ed.shown = ed.len;
	} else {
		redraw();
	}
}

static void backspace(void)
{
	bool at_end = ed.cur == ed.len;

	if (ed.cur == 0)
		return;
	memmove(ed.line + ed.cur - 1, ed.line + ed.cur, ed.len - ed.cur);
	ed.cur--;
	ed.len--;
	if (at_end) {
		put("\b \b", 3);
		ed.shown = ed.len;
	} else {
		redraw();
	}
}

static void history_add(void)
{
	if (ed.len == 0 || (ed.hist_count &&
	    !strcmp(ed.history[(ed.hist_count - 1) % HISTORY], ed.line)))
		return;
	strlcpy(ed.history[ed.hist_count % HISTORY], ed.line, LINE_MAX);
	ed.hist_count++;
}

/* Walk the history: dir -1 is older, +1 newer; past the newest, an empty line. */
static void history_move(int dir)
{
	int oldest = ed.hist_count > HISTORY ? ed.hist_count - HISTORY : 0;
	int pos = ed.hist_pos + dir;

	if (pos < oldest || pos > ed.hist_count)
		return;
	ed.hist_pos = pos;
	set_line(pos == ed.hist_count ? "" : ed.history[pos % HISTORY]);
}

/* ESC [ x: the arrows (ECMA-48 cursor keys); other sequences are skipped. */
static void escape(void)
{
	int c = shell_getc();

	if (c != '[')
		return;
	c = shell_getc();
	while (c >= '0' && c <= '9')
		c = shell_getc();
	switch (c) {
	case 'A': history_move(-1); break;
	case 'B': history_move(1); break;
	case 'C': if (ed.cur < ed.len) { ed.cur++; redraw(); } break;
	case 'D': if (ed.cur > 0) { ed.cur--; redraw(); } break;
	case 'H': ed.cur = 0; redraw(); break;
	case 'F': ed.cur = ed.len; redraw(); break;
	}
}

static int split(char *line, char **argv)
{
	int argc = 0;

	for (char *p = line; *p && argc < MAX_ARGS;) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			break;
		argv[argc++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	return argc;
}

int shell_run(int argc, char **argv)
{
	const struct shell_cmd *c = find_cmd(argv[0]);

	if (c)
		return c->run(argc, argv);
	printf("%s: unknown command (try 'help')\n", argv[0]);
	return 127;
}

static void run_line(char *line)
{
	char *argv[MAX_ARGS + 1];
	int argc = split(line, argv);

	if (argc == 0)
		return;
	argv[argc] = NULL;
	shell_run(argc, argv);
}

/* Returns true when the line is complete. */
static bool edit(int c)
{
	switch (c) {
	case '\r':
	case '\n':
		return true;
	case 0x7f:
	case '\b':
		backspace();
		break;
	case 0x01:
		ed.cur = 0;
		redraw();
		break;
	case 0x05:
		ed.cur = ed.len;
		redraw();
		break;
	case 0x15:
		set_line("");
		break;
	case 0x03:
		put("^C\n" PROMPT, 3 + strlen(PROMPT));
		ed.len = ed.cur = ed.shown = 0;
		break;
	case 0x1b:
		escape();
		break;
	default:
		if (c >= ' ' && c < 0x7f)
			insert((char)c);
	}
	return false;
}

static int interactive(void)
{
	int prev = 0;

	printf("\nSkiff shell: 'help' lists the commands.\n" PROMPT);
	for (;;) {
		int c = shell_getc();

		if (c < 0)
			return 0;
		/* CR LF from a terminal is one Enter, not two. */
		if (c == '\n' && prev == '\r') {
			prev = c;
			continue;
		}
		prev = c;
		if (!edit(c))
			continue;
		put("\n", 1);
		ed.line[ed.len] = '\0';
		history_add();
		ed.hist_pos = ed.hist_count;
		run_line(ed.line);
		ed.len = ed.cur = ed.shown = 0;
		put(PROMPT, strlen(PROMPT));
	}
}

static int cmd_help(int argc, char **argv)
{
	const struct shell_cmd *c;

	if (argc > 2)
		return shell_usage(argv);
	if (argc == 2) {
		c = find_cmd(argv[1]);
		if (!c) {
			printf("help: no command '%s'\n", argv[1]);
			return 1;
		}
		printf("usage: %s\n  %s\n", c->usage, c->help);
		return 0;
	}
	/* By name: the table is in link order, which says nothing to a reader. */
	for (const struct shell_cmd *last = NULL;;) {
		const struct shell_cmd *next = NULL;

		for (c = __start_shell_cmds; c < __stop_shell_cmds; c++)
			if ((!last || strcmp(c->name, last->name) > 0) &&
			    (!next || strcmp(c->name, next->name) < 0))
				next = c;
		if (!next)
			return 0;
		printf("  %-9s %s\n", next->name, next->help);
		last = next;
	}
}
SHELL_CMD(help, "help", "help [COMMAND]", "list the commands, or show one's usage", cmd_help);

int main(int argc, char **argv)
{
	const char *name = argc > 0 ? strrchr(argv[0], '/') : NULL;
	const struct shell_cmd *c;

	name = name ? name + 1 : argc > 0 ? argv[0] : "shell";
	if (!strcmp(name, "shell"))
		return interactive();
	c = find_cmd(name);
	if (!c) {
		printf("shell: no command '%s'\n", name);
		return 127;
	}
	argv[0] = (char *)c->name;
	return c->run(argc, argv);
}
