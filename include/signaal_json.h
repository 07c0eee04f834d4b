/* signaal_json.h — the public API of libsignaal-json: a case file (a JSON
 * object from fact name to value) read into a context, and an evaluated
 * context's outcome written as JSON in the shape of `signaal eval --json`.
 *
 * It links libsignaal and jansson (and libc). It never prints: every problem
 * with a case comes back as an error record, and no record ever holds a
 * value of the case (the data is about vulnerable children): a record names
 * the fact and what it expects; a key that names no fact is "key N", its
 * position in the object, with the closest fact's name as a hint.
 *
 * Memory: jansson's allocation functions are process-global. The first call
 * of sgj_read_case or sgj_outcome_json wraps whatever functions jansson has
 * then (json_get_alloc_funcs; malloc and free unless the program set its
 * own) in a wrapper that counts their failures and calls them, with
 * json_set_alloc_funcs, because jansson drops a byte of a token it cannot
 * grow without reporting an error: a text read or written while a failure
 * was counted is SG_ERR_NOMEM. A program that sets jansson's functions
 * itself should do so before its first call here (a later
 * json_set_alloc_funcs is wrapped again on the next call).
 *
 * Threads: the functions keep no state of their own beyond that counter;
 * calls on different contexts may run at once, provided the first call
 * (which installs the wrapper) has returned before others start, and no
 * thread calls json_set_alloc_funcs meanwhile. A failure counted in one
 * thread can make a call running at that moment in another thread report
 * SG_ERR_NOMEM too (never the reverse). A context is used by one thread at
 * a time, as in libsignaal.
 */
#ifndef SIGNAAL_JSON_H
#define SIGNAAL_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "signaal.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a record says: an error, or a note on the error before it (a string
 * that is another form of a value the fact takes: an alias, a name or
 * another case). */
typedef enum { SGJ_ERROR = 0, SGJ_NOTE = 1 } sgj_severity;

/* One problem of a case. `line` and `column` are 1-based, the column
 * counted in characters (UTF-8), of the key or value concerned; column 0:
 * the line alone; line 0: no place (the text as a whole, or a member whose
 * place could not be found). `fact` is the fact's name when the problem is
 * one fact's value (owned by the rulebook), else NULL, and always NULL for
 * a key that names no fact. `message` is English, without place or
 * severity ("fact 'leeftijd' expects an int (got a string)"); it never
 * holds a value or an unknown key of the case. Both strings live until the
 * callback returns. */
typedef struct {
  sgj_severity severity;
  int line, column;
  const char *fact;
  const char *message;
} sgj_error;

/* Called once per record, in the order of the text. */
typedef void (*sgj_error_fn)(const sgj_error *error, void *userdata);

/* Read the `len` bytes of JSON at `json` (need not end in NUL) as a case of
 * `rb` and set each fact it gives on `ctx`, which must be a context of
 * `rb`. null means unknown; a bool fact takes true/false, an int fact an
 * integer, a text fact a string, an enum fact a string naming one of its
 * values, a date "YYYY-MM-DD", a datetime "YYYY-MM-DDTHH:MM[:SS]", a
 * country its ISO 3166-1 alpha-2 code ("NL"). A key may occur once.
 * Every problem found is passed to `report` (may be NULL) with `userdata`;
 * the facts without problems are set all the same.
 * Returns SG_OK; SG_ERR_FORMAT when one or more records were reported
 * (invalid JSON, not an object, an unknown key, a value of the wrong type);
 * SG_ERR_NOMEM when memory ran out (no record for it; some facts may be
 * set). Allocates only while it runs (jansson's tree, texts the context
 * copies); sets nothing else than `ctx`'s facts. */
sg_status sgj_read_case(sg_context *ctx, const sg_rulebook *rb, const char *json, size_t len,
                        sgj_error_fn report, void *userdata);

/* Flags of sgj_outcome_json. */
#define SGJ_WITH_FACTS 1u  /* add "facts": the known facts, name to value (these
                              are the case's values: only for whoever may read
                              the case) */

/* The outcome of the evaluated context `ctx` (of rulebook `rb`, evaluated
 * by sg_eval at the moment `now`, local datetime seconds as given to
 * sg_set_now) as the JSON object `signaal eval --json` writes: {rulebook,
 * now, as_of, case_sha256 (null here), [facts,] role (null), [urgent,]
 * recommendations, attention, contacts, undetermined, open_questions,
 * signals, reading_list, [assumptions]}, each fired rule with its
 * explanation, pretty-printed with a 2-space indent and a final newline
 * (docs/cli.md "eval"). Asking for the open questions tries answers on
 * `ctx` and restores it: `ctx` is as before when this returns.
 * Returns a new NUL-terminated string the caller frees with free(); NULL
 * when out of memory. */
char *sgj_outcome_json(sg_context *ctx, const sg_rulebook *rb, int64_t now, unsigned flags);

#ifdef __cplusplus
}
#endif

#endif
