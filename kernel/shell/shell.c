/*
 * The console shell: a line editor with history on the console input
 * (serial and keyboard alike), and a table of commands registered with
 * SHELL_CMD in the files that implement them. Editing uses only CR,
 * backspace and spaces to redraw, which every console (serial terminals,
 * VGA text, the framebuffer) understands.
 *
 * Keys: Enter runs the line; Backspace; Left/Right move; Up/Down walk the
 * history; Ctrl-A/Ctrl-E start/end; Ctrl-U clears; Ctrl-C abandons.
 */
#include "shell.h"
#include <kernel/console.h>
#include <kernel/sched.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX	256
#define HISTORY		16
#define MAX_ARGS	64	/* tc with every netem option takes about 25; an nft rule more */
#define PROMPT		"skiff> "

extern const struct shell_cmd __shell_cmds_start[], __shell_cmds_end[];

struct editor {
	char line[LINE_MAX];
	size_t len, cur;
	size_t shown;		/* characters drawn last time, to blank leftovers */
	char history[HISTORY][LINE_MAX];
	int hist_count, hist_pos;
};

static struct editor ed;

int shell_usage(char **argv)
{
	for (const struct shell_cmd *c = __shell_cmds_start; c < __shell_cmds_end; c++)
		if (!strcmp(c->name, argv[0]))
			sh_printf("usage: %s\n", c->usage);
	return 1;
}

bool shell_parse_uint(const char *what, const char *s, u64 min, u64 max, u64 *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	if (!*s || *end || v < min || v > max) {
		sh_printf("%s must be a number from %llu to %llu, not '%s'\n", what,
			  (unsigned long long)min, (unsigned long long)max, s);
		return false;
	}
	*out = v;
	return true;
}

static void redraw(void)
{
	size_t i;

	sh_printf("\r" PROMPT "%.*s", (int)ed.len, ed.line);
	for (i = ed.len; i < ed.shown; i++)
		sh_printf(" ");
	for (i = max(ed.len, ed.shown); i > ed.cur; i--)
		sh_printf("\b");
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
		sh_printf("%c", c);
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
		sh_printf("\b \b");
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
	int c = console_getc();

	if (c != '[')
		return;
	c = console_getc();
	while (c >= '0' && c <= '9')
		c = console_getc();
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

static void run_line(char *line)
{
	char *argv[MAX_ARGS + 1];
	int argc = split(line, argv);

	if (argc == 0)
		return;
	argv[argc] = NULL;
	for (const struct shell_cmd *c = __shell_cmds_start; c < __shell_cmds_end; c++) {
		if (!strcmp(c->name, argv[0])) {
			c->run(argc, argv);
			return;
		}
	}
	sh_printf("%s: unknown command (try 'help')\n", argv[0]);
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
		sh_printf("^C\n");
		ed.len = ed.cur = ed.shown = 0;
		sh_printf(PROMPT);
		break;
	case 0x1b:
		escape();
		break;
	default:
		if (c >= ' ' && c < 0x7f)
			insert(c);
	}
	return false;
}

static int shell_thread(void *arg)
{
	int prev = 0;

	current->printk_plain = true;
	sh_printf("\nSkiff shell: 'help' lists the commands.\n" PROMPT);
	for (;;) {
		int c = console_getc();

		/* CR LF from a terminal is one Enter, not two. */
		if (c == '\n' && prev == '\r') {
			prev = c;
			continue;
		}
		prev = c;
		if (!edit(c))
			continue;
		sh_printf("\n");
		ed.line[ed.len] = '\0';
		history_add();
		ed.hist_pos = ed.hist_count;
		run_line(ed.line);
		ed.len = ed.cur = ed.shown = 0;
		sh_printf(PROMPT);
	}
	return 0;
}

static int cmd_help(int argc, char **argv)
{
	for (const struct shell_cmd *c = __shell_cmds_start; c < __shell_cmds_end; c++) {
		if (argc > 1 && strcmp(argv[1], c->name))
			continue;
		if (argc > 1)
			sh_printf("usage: %s\n  %s\n", c->usage, c->help);
		else
			sh_printf("  %-9s %s\n", c->name, c->help);
		if (argc > 1)
			return 0;
	}
	if (argc > 1)
		sh_printf("help: no command '%s'\n", argv[1]);
	return argc > 1;
}
SHELL_CMD(help, "help", "help [COMMAND]", "list the commands, or show one's usage", cmd_help);

void shell_start(void)
{
	if (!kthread_run(shell_thread, NULL, "shell"))
		printk("shell: cannot start the console shell\n");
}
