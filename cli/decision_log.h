/* decision_log.h — the decision log (`eval --log FILE`): one JSON line per
 * evaluation, appended to a regular file, naming the rulebook edition and
 * hashes, the case file's hash, the moment and decision date and the
 * outcomes (rule names), never a fact value unless --with-facts asks.
 */
#ifndef SG_CLI_DECISION_LOG_H
#define SG_CLI_DECISION_LOG_H

#include "session.h"

/* The evaluated session's log line, JSON and a newline, as a new string of
 * *len bytes (the caller frees it); NULL after printing "signaal eval:
 * error: out of memory". Made before the report is given, so that running
 * out of memory for it gives no report either. */
char *decision_log_line(const case_session *s, size_t *len);

/* Append `line` (decision_log_line's) to `path` (created 0600 when
 * missing) in one write; a line that cannot be written whole is taken
 * back, so the log holds whole lines only. Returns an exit code, after
 * printing "PATH: error: …" when it fails (CLI_EXIT_IO). */
int decision_log_append(const char *path, const char *line, size_t len);

/* Before evaluating: an existing `path` that is not a regular file (a
 * device, a FIFO, a directory) is refused at once, so no report is given
 * whose decision cannot be logged. Returns an exit code. */
int decision_log_check(const char *path);

#endif
