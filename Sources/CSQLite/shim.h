#ifndef ETHOTOP_CSQLITE_SHIM_H
#define ETHOTOP_CSQLITE_SHIM_H

#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast of -1 to a function pointer, which Swift cannot import: a typed
// wrapper that binds text the library copies before it returns.
static inline int ethotop_sqlite3_bind_text_transient(sqlite3_stmt *statement, int index, const char *text, int bytes) {
    return sqlite3_bind_text(statement, index, text, bytes, SQLITE_TRANSIENT);
}

#endif
