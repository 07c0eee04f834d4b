/* replay.h — replaying a corpus of cases through two rulebooks (or one
 * rulebook at two decision dates) and saying which cases' outcomes change,
 * grouped by the rules whose outcome changed, each group with the changed
 * declarations on those rules' paths (`signaal diff … --cases`).
 */
#ifndef SG_CLI_REPLAY_H
#define SG_CLI_REPLAY_H

#include <stdint.h>
#include <stdio.h>

#include "diff.h"
#include "signaal.h"

/* One side of a replay: a rulebook, and a decision date set apart from each
 * case's moment (NULL: the moment's date). */
typedef struct {
  const sg_rulebook *rb;
  const int32_t *asof;
} replay_side;

/* Replay every case of the JSONL file `path` ("-": standard input) through
 * both sides and print the changes to `out` (text, or JSON with `json`).
 * A case is one JSON object a line: fact names and values, and optionally
 * its own moment "now" (else `now`, else the clock). A fact one side does
 * not have is left out on that side. Streams: memory stays the same
 * whatever the corpus's size. Returns an exit code: 0 when no case
 * changes, 1 when some do, 2 for a line that is no case (with its line
 * number; no fact value is ever printed; also a line longer than
 * `max_line` bytes, of which no more than one byte past that is read), 3
 * for a file that cannot be read. */
int replay_cases(const replay_side *old_side, const replay_side *new_side, const char *path,
                 const int64_t *now, size_t max_line, const diff_list *changes, int json,
                 FILE *out);

#endif
