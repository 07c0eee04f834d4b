/* report_model.h — the report of one evaluated case as resolved text (""
 * when absent): the rulebook's header, the rules, facts and table entries it
 * names, the assumptions its advice rests on, and one list of sections. The
 * text, JSON, Markdown and HTML writers read only this, never the rulebook.
 */
#ifndef SG_CLI_REPORT_MODEL_H
#define SG_CLI_REPORT_MODEL_H

#include <stddef.h>
#include <stdio.h>

#include <stdint.h>

#include "explain.h"

/* An assumption of the rulebook (`assumption "…"`) and its owner. */
typedef struct {
  const char *kind;          /* Dutch: "signaal", "voorwaarde", "regel", "tijdvenster" */
  const char *kind_key;      /* JSON: "signal", "condition", "rule", "window" */
  const char *owner;         /* the owner's name */
  const char *label;         /* the owner's label ("" for a window) */
  const char *text;
} report_assumption;

/* A rule as the report names it. */
typedef struct {
  const char *name;
  const char *label;
  int has_step;
  long step;
  const char *citation;
  const char *actor;         /* who does its advice (`by`): the actor's name;
                                NULL when it names none */
  const char *actor_heading; /* the heading its advice stands under: the
                                actor's label, "label (jij)" for the
                                reader's role (--role), "Overige" without an
                                actor; NULL when the rulebook has no actors */
  size_t actor_rank;         /* the order of those headings: the reader's
                                role first, then the actors as declared,
                                then the rules without one */
  const explain_rule *why;   /* why it fired; NULL unless explained */
  size_t presumed_count;     /* a fired rule's `unless` rests on these unknown
                                facts: it applies "tenzij …", and nothing is
                                known about the exception yet */
  const struct report_fact **presumed;
  size_t assumption_count;   /* a fired rule: the assumptions its outcome
                                rests on (its own, those of the signals and
                                conditions it rests on and of the windows
                                they read), in the rulebook's order */
  const report_assumption *const *assumptions;
} report_rule;

/* A fact as the report names it. */
typedef struct report_fact {
  const char *name;
  const char *question;
} report_fact;

/* One field of a table entry; a plain table's one field has no name. */
typedef struct {
  const char *name;
  const char *value;
} report_field;

/* A table entry: a contact, or a title of the reading list. */
typedef struct {
  const char *key;
  size_t field_count;
  const report_field *fields;
} report_entry;

/* A recommendation or attention point: the advice and the fired rule. */
typedef struct {
  const char *text;
  const report_rule *rule;
} report_action;

/* When a contact can be reached, at the moment of evaluation: its entry's
 * window (`open WINDOW`). */
typedef struct {
  const char *window;          /* the window's name; NULL: the entry has no hours */
  long index;                  /* the window's index */
  int open_now;                /* the window is open at the moment of evaluation */
  int opens_known;             /* closed, and it opens again: at `opens` */
  char opens[24];              /* YYYY-MM-DDTHH:MM:SS */
  const char *text;            /* Dutch, for the reader: "Nu bereikbaar." or "Nu niet
                                  bereikbaar; weer bereikbaar op maandag 14 november
                                  2016 om 10:30." */
} report_hours;

/* One distinct contact, with every fired rule calling for it. */
typedef struct {
  const char *table;           /* the table the rules name */
  long index;                  /* the entry's index in it; -1: not determined */
  const report_entry *entry;   /* NULL: not determined */
  report_hours hours;          /* hours.window NULL: no entry, or no hours */
  int has_checked;             /* the entry says when it was last checked: */
  char checked[16];            /* that day, YYYY-MM-DD (`checked DATE`) */
  size_t waiting_count;        /* not determined: the unknown facts its key
                                  reads (none: the key names no entry) */
  const report_fact **waiting;
  size_t rule_count;
  const report_rule **rules;   /* in rule order */
  size_t assumption_count;     /* those of its rules and of its hours' window,
                                  each once */
  const report_assumption *const *assumptions;
} report_contact;

/* An undetermined rule and the facts it waits for. */
typedef struct {
  const report_rule *rule;
  size_t waiting_count;
  const report_fact **waiting;
} report_undetermined;

/* An open question: the fact, what answering it settles. */
typedef struct {
  const report_fact *fact;
  const char *effect;          /* in Dutch: "elk antwoord beslist 2 van de 2 …" */
  size_t waiting, settles_min, settles_max;
  size_t presumed, changes;    /* decided rules resting on it; changed by an answer */
  size_t contacts;             /* contacts of rules that hold whose table key
                                  waits for it (sg_question_contacts) */
  int tried;
  int optional;                /* a context question the rulebook marks optional */
} report_question;

/* A signal and its value. */
typedef struct {
  const char *name, *label, *group;
  const char *title;           /* the label, or the name without one */
  sg_truth value;
} report_signal;

/* The sections, in the order of `sections`. */
typedef enum {
  REPORT_URGENT, REPORT_RECOMMENDATIONS, REPORT_ATTENTION, REPORT_CONTACTS, REPORT_UNDETERMINED,
  REPORT_QUESTIONS, REPORT_SIGNALS, REPORT_READING_LIST, REPORT_ASSUMPTIONS,
  REPORT_SECTION_COUNT
} report_section_kind;

typedef struct {
  report_section_kind kind;
  const char *heading;         /* Dutch: "Aanbevelingen" */
  const char *key;             /* JSON: "recommendations" */
  size_t count;
  int omitted;                 /* the rulebook has nothing of this kind (no
                                  assumptions at all): writers leave the
                                  section out, and the items' lists of it */
  union {
    const report_action *actions;            /* recommendations, attention */
    const report_contact *contacts;
    const report_undetermined *undetermined;
    const report_question *questions;
    const report_signal *signals;
    const report_entry *entries;             /* the reading list */
    const report_assumption *const *assumptions; /* every one the advice rests on */
  } items;
} report_section;

struct report_block;

typedef struct report_model {
  int explain;                 /* fired rules carry `why` (the text report shows
                                  it: --explain) */
  const char *title, *version, *source;
  char effective[24];          /* YYYY-MM-DD */
  char now[24];                /* the moment of evaluation, YYYY-MM-DDTHH:MM:SS */
  char asof[16];               /* the decision date, YYYY-MM-DD */
  int asof_apart;              /* set apart from the moment (--as-of) */
  char bytecode_hash[65], source_hash[65];
  char case_hash[65];          /* of the case file; "" when none was read */
  const case_session *facts;   /* --with-facts: the session whose known facts
                                  the JSON report gives; NULL: none */
  const char *reading_table;   /* the reading list's table; NULL: none */
  const char *role;            /* the reader's actor (--role); NULL: none */
  size_t rule_count;
  const report_rule *rules;    /* every rule, by index */
  size_t pred_count;           /* the rulebook's predicates (for explain_seen) */
  report_section sections[REPORT_SECTION_COUNT];
  /* owned memory */
  struct report_block *blocks;
  explain_rule *explanations;
} report_model;

/* Collect the report of the session's evaluated case into *m; with
 * `explain`, also the explanation of every fired rule. Returns 0, or -1 when
 * out of memory (then *m holds nothing to free). */
int report_model_build(report_model *m, const case_session *s, int explain);
void report_model_free(report_model *m);

/* "waar", "onwaar" or "onbekend". */
const char *report_truth_word(sg_truth truth);

/* The report as JSON text (output_json.c): one pretty-printed object and
 * a newline, a new string the caller frees; NULL when out of memory (also
 * when jansson failed an allocation while building it: sgj_alloc.h). */
char *report_json_text(const report_model *m);

/* Lower-case hex of a 32-byte hash into `out` (65 bytes, NUL-terminated). */
void report_hex(const uint8_t *hash, char out[65]);

/* A string from the API, or "" when it is NULL. */
const char *report_str(const char *text);

/* The writers (cli/output_*.c), as the registry of formats names them. Each
 * returns an exit code: CLI_EXIT_IO when out of memory (nothing printed). */
int render_text(FILE *out, const report_model *m);
int render_json(FILE *out, const report_model *m);
int render_markdown(FILE *out, const report_model *m);
int render_html(FILE *out, const report_model *m);

#endif
