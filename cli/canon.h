/* canon.h — a loaded rulebook written back as rule-language source, in one
 * canonical form: each declaration with its clauses in a fixed order, its
 * conditions as sg_code_text reads them, its texts quoted as the language
 * quotes them. Two rulebooks that differ only in layout, comments, order or
 * numbering give the same text, which is what `signaal diff` compares and
 * shows. Reads only the public API (signaal.h).
 *
 * Texts are built in a canon_buf; every function that returns a new string
 * returns NULL when memory runs out (and sets the buffer's `failed`).
 */
#ifndef SG_CLI_CANON_H
#define SG_CLI_CANON_H

#include <stddef.h>
#include <stdint.h>

#include "signaal.h"

/* A growing text. On out of memory `failed` is set and nothing more is
 * added; canon_take then gives NULL. */
typedef struct {
  char *text;
  size_t len, cap;
  int failed;
} canon_buf;

void canon_put(canon_buf *b, const char *s);
void canon_printf(canon_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* A text as the language writes it: "…" with \" \\ \n \t. */
void canon_quoted(canon_buf *b, const char *s);
/* A date as YYYY-MM-DD. */
void canon_date(canon_buf *b, int32_t days);
/* The text built (the caller frees it), and the buffer empty again; NULL
 * when memory ran out. */
char *canon_take(canon_buf *b);

/* A new copy of `s`, quoted; NULL when out of memory. */
char *canon_quote(const char *s);
/* A new copy of `s`; NULL when out of memory. */
char *canon_strdup(const char *s);

/* The period of a thing as the language writes it: "from D", "until D",
 * "from D until D", or "always" for a thing that is not dated. */
void canon_period(canon_buf *b, const sg_rulebook *rb, sg_dated_kind kind, size_t owner,
                  size_t item);

/* A code block as sg_code_text reads it (the caller frees it); NULL when
 * `ref` names none, with *failed set when memory ran out instead. */
char *canon_code(const sg_rulebook *rb, sg_code_ref ref, int *failed);

/* The parts of declarations, appended to `b`. */
void canon_fact_type(canon_buf *b, const sg_rulebook *rb, size_t slot);
void canon_key(canon_buf *b, const char *key);           /* a table key: a name, or quoted */
void canon_element(canon_buf *b, const sg_rulebook *rb, size_t set, size_t k); /* with its period */
void canon_entry(canon_buf *b, const sg_rulebook *rb, size_t table, size_t entry);
/* A table's field names, sorted (their order is layout): "{ a, b }", or "text"
 * for a table of plain texts. */
void canon_entry_fields(canon_buf *b, const sg_rulebook *rb, size_t table);
void canon_action(canon_buf *b, const sg_rulebook *rb, size_t rule, size_t action);
/* The window's days, hours and exception (sg_window_text), split: which of
 * the three is wanted: 0 the days, 1 the hours, 2 the exception (nothing
 * when it has none). */
void canon_window_part(canon_buf *b, const sg_rulebook *rb, size_t window, int part);

/* Whole declarations, as a new string (NULL when out of memory): the first
 * line the declaration, each clause on a line of its own indented by two
 * spaces. A predicate's, rule's or window's assumptions are among its
 * clauses. */
char *canon_fact(const sg_rulebook *rb, size_t slot);
char *canon_set(const sg_rulebook *rb, size_t set);
char *canon_table(const sg_rulebook *rb, size_t table);
char *canon_window(const sg_rulebook *rb, size_t window);
char *canon_group(const sg_rulebook *rb, size_t group);
char *canon_pred(const sg_rulebook *rb, size_t pred);
char *canon_rule(const sg_rulebook *rb, size_t rule);
char *canon_actor(const sg_rulebook *rb, size_t actor);

#endif
