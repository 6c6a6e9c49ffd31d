#ifndef ETHOTOP_CNCURSESW_SHIM_H
#define ETHOTOP_CNCURSESW_SHIM_H
// SwiftPM drops pkg-config's -D_XOPEN_SOURCE=600, so ask for the wide API explicitly.
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Swift cannot import function-like macros, macro globals or C varargs; these typed wrappers
// expose what the dashboard's terminal layer needs. Everything here is called from the one
// thread that owns ncurses.

/// Starts ncurses on the process's own stdout/stdin; NULL (instead of exiting, as initscr
/// would) when the terminal type is unknown.
static inline SCREEN *ethotop_newterm(void) { return newterm(NULL, stdout, stdin); }
static inline WINDOW *ethotop_stdscr(void) { return stdscr; }
static inline WINDOW *ethotop_curscr(void) { return curscr; }
static inline int ethotop_lines(void) { return LINES; }
static inline int ethotop_cols(void) { return COLS; }
static inline void ethotop_getmaxyx(WINDOW *w, int *y, int *x) { int yy, xx; getmaxyx(w, yy, xx); *y = yy; *x = xx; }
static inline attr_t ethotop_a_normal(void) { return A_NORMAL; }
static inline attr_t ethotop_a_bold(void) { return A_BOLD; }
static inline attr_t ethotop_a_dim(void) { return A_DIM; }
static inline attr_t ethotop_a_reverse(void) { return A_REVERSE; }
static inline attr_t ethotop_a_underline(void) { return A_UNDERLINE; }
static inline attr_t ethotop_a_italic(void) {
#ifdef A_ITALIC
    return A_ITALIC;
#else
    return A_NORMAL;
#endif
}
static inline int ethotop_color_pairs(void) { return COLOR_PAIRS; }
static inline int ethotop_colors(void) { return COLORS; }
static inline void ethotop_set_escdelay(int ms) { set_escdelay(ms); }

/// Whether the current locale's codeset is UTF-8 (call after setlocale).
static inline int ethotop_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    if (codeset == NULL) return 0;
    return (codeset[0] == 'U' || codeset[0] == 'u') && (codeset[1] == 'T' || codeset[1] == 't')
        && (codeset[2] == 'F' || codeset[2] == 'f') && (codeset[3] == '-' ? codeset[4] == '8' : codeset[3] == '8');
}

/// Defines colour pair `pair` (may exceed 255 via the extended-colour API when available).
static inline int ethotop_init_pair(int pair, int fg, int bg) {
#if defined(NCURSES_EXT_COLORS) && NCURSES_EXT_COLORS
    return init_extended_pair(pair, fg, bg);
#else
    return init_pair((short)pair, (short)fg, (short)bg);
#endif
}

/// Writes one cell: a grapheme of up to CCHARW_MAX wide characters (NUL-terminated), with
/// attributes and a colour pair passed through setcchar's `opts` so pairs above 32767 work.
static inline int ethotop_put_cell(WINDOW *w, int y, int x, const wchar_t *text, attr_t attrs, int pair) {
    cchar_t cell;
    int extended = pair;
    if (setcchar(&cell, text, attrs, (short)(pair > 32767 ? 0 : pair), &extended) != OK) return ERR;
    return mvwadd_wch(w, y, x, &cell);
}

/// Sets the window's background (what werase fills with) to a blank in `attrs` and `pair`.
static inline void ethotop_set_background(WINDOW *w, attr_t attrs, int pair) {
    cchar_t cell;
    wchar_t blank[2] = { L' ', 0 };
    int extended = pair;
    if (setcchar(&cell, blank, attrs, (short)(pair > 32767 ? 0 : pair), &extended) == OK) wbkgrndset(w, &cell);
}

/// Sets the window's current attributes and (extended) colour pair.
static inline int ethotop_attr_set(WINDOW *w, attr_t attrs, int pair) {
    int extended = pair;
    return wattr_set(w, attrs, (short)(pair > 32767 ? 0 : pair), &extended);
}

// Line-drawing characters. The dashboard draws boxes with Unicode glyphs (UTF-8) or ASCII,
// which capture and copy cleanly; these are here for terminals where neither is wanted.
static inline chtype ethotop_acs_hline(void) { return ACS_HLINE; }
static inline chtype ethotop_acs_vline(void) { return ACS_VLINE; }
static inline chtype ethotop_acs_ulcorner(void) { return ACS_ULCORNER; }
static inline chtype ethotop_acs_urcorner(void) { return ACS_URCORNER; }
static inline chtype ethotop_acs_llcorner(void) { return ACS_LLCORNER; }
static inline chtype ethotop_acs_lrcorner(void) { return ACS_LRCORNER; }
static inline const cchar_t *ethotop_wacs_hline(void) { return WACS_HLINE; }
static inline const cchar_t *ethotop_wacs_vline(void) { return WACS_VLINE; }

static inline int ethotop_key_code_yes(void) { return KEY_CODE_YES; }

/// Turns mouse reporting on (press, click, wheel) or off.
static inline void ethotop_mouse(int enable) {
#if NCURSES_MOUSE_VERSION > 1
    mmask_t wheel = BUTTON4_PRESSED | BUTTON5_PRESSED;
#else
    mmask_t wheel = BUTTON4_PRESSED;
#endif
    mousemask(enable ? (BUTTON1_PRESSED | BUTTON1_CLICKED | wheel) : 0, NULL);
    mouseinterval(0);
}

/// Reads the pending mouse event: 0 none/ignored, 1 click, 2 wheel up, 3 wheel down.
static inline int ethotop_read_mouse(int *x, int *y) {
    MEVENT event;
    if (getmouse(&event) != OK) return 0;
    *x = event.x;
    *y = event.y;
    if (event.bstate & BUTTON4_PRESSED) return 2;
#if NCURSES_MOUSE_VERSION > 1
    if (event.bstate & BUTTON5_PRESSED) return 3;
#endif
    if (event.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return 1;
    return 0;
}

#endif
