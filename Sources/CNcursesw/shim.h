#ifndef ETHOTOP_CNCURSESW_SHIM_H
#define ETHOTOP_CNCURSESW_SHIM_H
// SwiftPM drops pkg-config's -D_XOPEN_SOURCE=600, so ask for the wide API explicitly.
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <ncursesw/curses.h>

static inline WINDOW *ethotop_stdscr(void) { return stdscr; }
static inline int ethotop_lines(void) { return LINES; }
static inline int ethotop_cols(void) { return COLS; }
static inline void ethotop_getmaxyx(WINDOW *w, int *y, int *x) { int yy, xx; getmaxyx(w, yy, xx); *y = yy; *x = xx; }
static inline attr_t ethotop_a_normal(void) { return A_NORMAL; }
static inline attr_t ethotop_a_bold(void) { return A_BOLD; }
static inline attr_t ethotop_a_dim(void) { return A_DIM; }
static inline attr_t ethotop_a_reverse(void) { return A_REVERSE; }
static inline attr_t ethotop_a_underline(void) { return A_UNDERLINE; }
static inline int ethotop_color_pairs(void) { return COLOR_PAIRS; }
static inline int ethotop_colors(void) { return COLORS; }
static inline void ethotop_set_escdelay(int ms) { set_escdelay(ms); }

#endif
