/* session.h — one case as eval, interview and test handle it: a context of
 * the rulebook, the value the case gave each fact (typed, for the reports
 * and --save), the moment of evaluation, and the evaluation with its status
 * reported. Errors name files, facts and statuses, never a value.
 */
#ifndef SG_CLI_SESSION_H
#define SG_CLI_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "signaal.h"
#include "case_view.h"
#include "value.h"
#include "signaal_json.h"



/* A session of `command` on `rb`, every fact unknown. Returns an exit code:
 * 0, or CLI_EXIT_IO after printing that memory ran out. */
int session_open(case_session *s, const char *command, const sg_rulebook *rb);
/* session_open on `ctx`, a context of `rb` whose facts are all unknown (a
 * reset one), which the session takes (session_close frees it; a caller
 * that keeps it takes s->ctx and sets it to NULL before); NULL: a new one. */
int session_open_with(case_session *s, const char *command, const sg_rulebook *rb,
                      sg_context *ctx);
void session_close(case_session *s);

/* Read the case file at `path` ('-': standard input, with a note when that
 * is a terminal), at most s->max_case_size bytes, and set the facts it
 * gives. Returns an exit code; errors are printed as "FILE: error: …". */
int session_read_case(case_session *s, const char *path);

/* session_read_case's first half: the case file's bytes into a new buffer
 * *json of *size bytes (NUL after them; the caller frees it). An exit code. */
int session_load_case(case_session *s, const char *path, char **json, size_t *size);

/* Its second half: name the case by the SHA-256 of its `size` bytes and
 * set the facts `json` gives. With `report` NULL every record is printed
 * as "NAME:LINE:COL: error: …"; else each goes to `report` with
 * `userdata`. Returns an exit code (CLI_EXIT_INPUT for a bad case). */
int session_apply_case(case_session *s, const char *name, const char *json, size_t size,
                       sgj_error_fn report, void *userdata);

/* Set the fact at `slot` to `v` (type 0: unknown) on the context and in
 * `values`. Returns the setter's status (SG_ERR_NOMEM when the copy fails). */
sg_status session_set(case_session *s, size_t slot, const cli_value *v);

/* The moment of evaluation: `now`, or the Dutch clock when NULL. */
void session_set_now(case_session *s, const int64_t *now);

/* Evaluate. Returns 0, or CLI_EXIT_INPUT after printing "signaal COMMAND:
 * error: evaluation failed (status N)". */
int session_eval(case_session *s);

/* The reader's role (--role NAME, one of the rulebook's actors); NULL
 * leaves none. Returns an exit code: CLI_EXIT_USAGE after printing that the
 * rulebook has no such actor (with the closest name, and the actors). */
int session_set_role(case_session *s, const char *name);

/* What eval and interview do first: read the case file (when `path` is not
 * NULL), set the moment, evaluate. Returns an exit code. */
int session_start(case_session *s, const char *path, const int64_t *now);

#endif
