/* signaal.h — the public API of the Signaal runtime (libsignaal).
 *
 * Load a verified rulebook (.rbc), set a case's facts, evaluate, read the
 * outcomes. libc only: no parser, no JSON. All handles are opaque. Strings
 * returned by the API are owned by the rulebook and live as long as it does.
 */
#ifndef SIGNAAL_H
#define SIGNAAL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this library (docs/api.md, "Versions"): a minor adds to
 * the API and keeps every old call as it was; a major may change or drop
 * one, and comes with a new soname (libsignaal.so.MAJOR). The compiler
 * writes "signaal VERSION" into every image it makes (the META record), so
 * a new version makes new image bytes from the same sources. */
#define SG_VERSION_MAJOR 0
#define SG_VERSION_MINOR 1
#define SG_VERSION_PATCH 0
#define SG_VERSION "0.1.0"
/* The newest bytecode format this runtime reads (docs/bytecode.md,
 * "Header"): it reads every image of the same major up to this minor; an
 * image of a newer minor or another major is refused (SG_ERR_FORMAT), as
 * its sections could mean what this reader would skip. A compiler of this
 * version writes the lowest minor that holds what the rulebook uses. */
#define SG_BYTECODE_FORMAT_MAJOR 1
#define SG_BYTECODE_FORMAT_MINOR 4

/* SG_VERSION of the library linked at run time (which may be newer than
 * the header a program was built with). A static string. */
const char *sg_version(void);

/* Status codes returned by fallible functions. */
typedef enum {
  SG_OK = 0,
  SG_ERR_NOMEM,     /* the allocator returned NULL */
  SG_ERR_FORMAT,    /* the bytecode file is malformed or fails verification */
  SG_ERR_RANGE,     /* a slot, index or value is out of range */
  SG_ERR_TYPE,      /* the fact has another type than the setter's */
  SG_ERR_VALUE      /* a text is not a value of the fact's enum, not an assigned country
                       code, or not a valid date */
} sg_status;

/* Three-valued truth (Kleene). */
typedef enum { SG_FALSE = 0, SG_TRUE = 1, SG_UNKNOWN = 2 } sg_truth;

/* Fact types; the numbers are those of the bytecode format. */
typedef enum {
  SG_BOOL = 1, SG_INT = 2, SG_TEXT = 3, SG_ENUM = 4, SG_DATE = 5, SG_DATETIME = 6,
  SG_COUNTRY = 7    /* an ISO 3166-1 alpha-2 code (format 1.1) */
} sg_type;

/* Action kinds. */
typedef enum { SG_RECOMMEND = 1, SG_ATTENTION = 2, SG_CONTACT = 3 } sg_action_kind;

/* Predicate kinds. */
typedef enum { SG_SIGNAL = 1, SG_CONDITION = 2 } sg_pred_kind;

/* The allocator hook, as Lua's lua_Alloc: free when nsize is 0 (return NULL),
 * else allocate (ptr NULL) or resize. NULL as sg_alloc argument = malloc. */
typedef void *(*sg_alloc_fn)(void *userdata, void *ptr, size_t osize, size_t nsize);

/* A diagnostic from loading: message and, when meaningful, the byte offset in
 * the file (or -1). Never contains case data. */
typedef struct {
  char message[200];
  long offset;
} sg_error;

typedef struct sg_rulebook sg_rulebook; /* immutable once loaded; may be shared read-only */
typedef struct sg_context sg_context;   /* one case: fact values and outcomes */

/* ---- Rulebooks -------------------------------------------------------- */

/* Verify and load a rulebook from `size` bytes at `data` (copied; the caller
 * keeps ownership of `data`). `alloc`/`userdata` choose the allocator (NULL:
 * malloc). On success *out is the new rulebook (free with sg_rulebook_free);
 * on failure *out is NULL and `err` (may be NULL) says why. */
sg_status sg_rulebook_load(const void *data, size_t size, sg_alloc_fn alloc,
                           void *userdata, sg_rulebook **out, sg_error *err);
void sg_rulebook_free(sg_rulebook *rb);

/* Header metadata. Dates are days since 1970-01-01. */
const char *sg_rulebook_title(const sg_rulebook *rb);
const char *sg_rulebook_version(const sg_rulebook *rb);
int32_t sg_rulebook_effective(const sg_rulebook *rb);
const char *sg_rulebook_source(const sg_rulebook *rb);
const char *sg_rulebook_compiler(const sg_rulebook *rb);
/* The SHA-256 of the sources (32 bytes) and of the bytecode file itself.
 * The latter is worked out on the first call, not at load; any thread may
 * make that call, at the same time as others. */
const uint8_t *sg_rulebook_source_hash(const sg_rulebook *rb);
const uint8_t *sg_rulebook_bytecode_hash(const sg_rulebook *rb);
/* The table the header names as the reading list (`references`), or -1. */
long sg_rulebook_reading_list(const sg_rulebook *rb);
/* The source files, in the order the compiler read them (0: the main
 * file), named as the image keeps them: the main file by its base name,
 * every other file by its path relative to the main file's directory
 * ("uitbuiting/feiten.rules"); NULL when out of range. */
size_t sg_rulebook_file_count(const sg_rulebook *rb);
const char *sg_rulebook_file(const sg_rulebook *rb, size_t i);
/* The SHA-256 of source file i's bytes as 64 lower-case hex digits, from
 * the image's manifest (format 1.3); NULL when the image has no manifest
 * (an older file) or i is out of range. */
const char *sg_rulebook_file_sha256(const sg_rulebook *rb, size_t i);
/* The format version the file is written in (docs/bytecode.md, Versions):
 * *major and *minor (either may be NULL). */
void sg_rulebook_format_version(const sg_rulebook *rb, int *major, int *minor);

/* Facts, by slot 0 .. count-1. */
size_t sg_fact_count(const sg_rulebook *rb);
/* Slot of the fact called `name`, or -1. */
long sg_fact_slot(const sg_rulebook *rb, const char *name);
const char *sg_fact_name(const sg_rulebook *rb, size_t slot);
const char *sg_fact_question(const sg_rulebook *rb, size_t slot);
sg_type sg_fact_type(const sg_rulebook *rb, size_t slot);
int sg_fact_protected(const sg_rulebook *rb, size_t slot);
/* 1 when the fact is `optional`: a context question, asked only after every
 * question that can decide advice, and never needed to finish (1.1). */
int sg_fact_optional(const sg_rulebook *rb, size_t slot);
size_t sg_fact_enum_count(const sg_rulebook *rb, size_t slot);
const char *sg_fact_enum_value(const sg_rulebook *rb, size_t slot, size_t i);

/* Predicates (signals and conditions), in evaluation order. */
size_t sg_pred_count(const sg_rulebook *rb);
long sg_pred_find(const sg_rulebook *rb, const char *name);
const char *sg_pred_name(const sg_rulebook *rb, size_t i);
const char *sg_pred_label(const sg_rulebook *rb, size_t i);
sg_pred_kind sg_pred_kind_of(const sg_rulebook *rb, size_t i);
const char *sg_pred_citation(const sg_rulebook *rb, size_t i);
/* The group's name, or NULL when the predicate is in no group. */
const char *sg_pred_group(const sg_rulebook *rb, size_t i);

/* Groups of signals. */
size_t sg_group_count(const sg_rulebook *rb);
const char *sg_group_name(const sg_rulebook *rb, size_t i);
const char *sg_group_label(const sg_rulebook *rb, size_t i);

/* Sets: the named ones (`set` declarations) and the `{ … }` lists written
 * in conditions, which have the name "". */
size_t sg_set_count(const sg_rulebook *rb);
const char *sg_set_name(const sg_rulebook *rb, size_t i);
/* The type of the set's elements (SG_INT, SG_TEXT, SG_ENUM or SG_COUNTRY;
 * 0 for a bad index) and how many it has (0 for a bad index). An element
 * is read back as the language writes it with sg_set_element_text. */
sg_type sg_set_type(const sg_rulebook *rb, size_t i);
size_t sg_set_element_count(const sg_rulebook *rb, size_t i);

/* Actors (`actor` declarations, 1.2): who does the advice of a rule (the
 * Raad, the GI, …); a rulebook without them has none. */
size_t sg_actor_count(const sg_rulebook *rb);
long sg_actor_find(const sg_rulebook *rb, const char *name);
const char *sg_actor_name(const sg_rulebook *rb, size_t i);
const char *sg_actor_label(const sg_rulebook *rb, size_t i);

/* Periods of validity (`from`, `until`; format 1.3): what the rulebook
 * dates holds only on decision dates in its period (see sg_set_asof). */
typedef enum {
  SG_DATED_PRED = 1, SG_DATED_RULE = 2, SG_DATED_WINDOW = 3, SG_DATED_ELEMENT = 4,
  SG_DATED_ENTRY = 5
} sg_dated_kind;
/* The period of predicate, rule or window `owner` (item 0), or of element
 * or entry `item` of set or table `owner`: 1 with *from, the first day it
 * holds (INT32_MIN: since always), and *until, the first day it no longer
 * holds (INT32_MAX: for good); 0 when it holds always (or does not exist). */
int sg_period(const sg_rulebook *rb, sg_dated_kind kind, size_t owner, size_t item,
              int32_t *from, int32_t *until);

/* Rules, in output order (protocol step, then source order). */
size_t sg_rule_count(const sg_rulebook *rb);
long sg_rule_find(const sg_rulebook *rb, const char *name);
const char *sg_rule_name(const sg_rulebook *rb, size_t i);
const char *sg_rule_label(const sg_rulebook *rb, size_t i);
/* The rule's protocol step; 0 when it has none (see sg_rule_has_step). */
int32_t sg_rule_step(const sg_rulebook *rb, size_t i);
int sg_rule_has_step(const sg_rulebook *rb, size_t i);
/* 1 when the rule is `urgent`: its advice is to be done now (crisis
 * arrangements, a call to make), so reports put it first (1.1). */
int sg_rule_urgent(const sg_rulebook *rb, size_t i);
/* The actor who does the rule's advice (`by`), or -1 when it names none. */
long sg_rule_actor(const sg_rulebook *rb, size_t i);
const char *sg_rule_citation(const sg_rulebook *rb, size_t i);
size_t sg_rule_action_count(const sg_rulebook *rb, size_t i);
sg_action_kind sg_rule_action_kind(const sg_rulebook *rb, size_t rule, size_t action);
/* Text of a recommend or attention action; for a contact, the table name. */
const char *sg_rule_action_text(const sg_rulebook *rb, size_t rule, size_t action);

/* Tables (contact directories): field names and entries. */
size_t sg_table_count(const sg_rulebook *rb);
long sg_table_find(const sg_rulebook *rb, const char *name);
const char *sg_table_name(const sg_rulebook *rb, size_t t);
size_t sg_table_field_count(const sg_rulebook *rb, size_t t);
const char *sg_table_field(const sg_rulebook *rb, size_t t, size_t f);
size_t sg_table_entry_count(const sg_rulebook *rb, size_t t);
const char *sg_table_key(const sg_rulebook *rb, size_t t, size_t e);
const char *sg_table_value(const sg_rulebook *rb, size_t t, size_t e, size_t f);
/* The window in which entry `entry` of table `table` can be reached (its
 * `open WINDOW`, or its table's), as an index for sg_window_name,
 * sg_window_contains and sg_window_next_open; -1 when the entry has none,
 * for a bad index, and in a file without the section HOURS (before 1.2). */
long sg_table_entry_window(const sg_rulebook *rb, size_t table, size_t entry);
/* The day entry `entry` of table `table` was last checked (its `checked
 * DATE`, or its table's; days since 1970-01-01): 1 and *days (may be NULL),
 * or 0 when it says none, for a bad index, and before format 1.4. */
int sg_table_entry_checked(const sg_rulebook *rb, size_t table, size_t entry, int32_t *days);

/* Time windows (`window` declarations), by index. */
size_t sg_window_count(const sg_rulebook *rb);
const char *sg_window_name(const sg_rulebook *rb, size_t i);
/* The windows that predicate `pred`'s condition reads itself (`within`,
 * not through the predicates it reads), or that rule `rule`'s `when`,
 * `unless` and contact keys read: fills up to `cap` window indices into
 * `out`, ascending and distinct, and returns how many there are in all (0
 * for a bad index). */
size_t sg_pred_windows(const sg_rulebook *rb, size_t pred, size_t *out, size_t cap);
size_t sg_rule_windows(const sg_rulebook *rb, size_t rule, size_t *out, size_t cap);
/* The same for what the code reads directly: the facts whose values it
 * reads (SG_READS_FACT; an enum constant is no read), the predicates
 * (SG_READS_PRED; `at least N of G` reads G's signals) or the windows
 * (SG_READS_WINDOW, as above). Follow SG_READS_PRED for the facts a rule
 * rests on through its signals and conditions (`signaal audit`). */
typedef enum {
  SG_READS_FACT = 1, SG_READS_PRED = 2, SG_READS_WINDOW = 3,
  SG_READS_SET = 4,    /* `in S` of a set (named or a { … } list) */
  SG_READS_TABLE = 5   /* `in T` of a table's keys, or a rule's contact of it */
} sg_read_kind;
size_t sg_pred_reads(const sg_rulebook *rb, size_t pred, sg_read_kind kind, size_t *out,
                     size_t cap);
size_t sg_rule_reads(const sg_rulebook *rb, size_t rule, sg_read_kind kind, size_t *out,
                     size_t cap);
/* 1 when the moment `seconds` (local datetime seconds, as sg_set_now) lies
 * in window `window`, as `within` tests it: on one of its days, from its
 * start minute up to (not including) its end minute, and not on a public
 * holiday (nor Good Friday) when the window excepts them. 0 otherwise, and
 * for a bad index. */
int sg_window_contains(const sg_rulebook *rb, size_t window, int64_t seconds);
/* The first moment at or after `seconds` at which window `window` is open:
 * `seconds` itself when the window is open then, else the start of its
 * next open day (skipping the days off and, when it excepts them, the
 * public holidays). Returns 1 and sets *opens (may be NULL); 0 when the
 * window never opens (it has no day of the week), for a bad index, or when
 * the moment would not fit in an int64_t. Scans days, never minutes. */
int sg_window_next_open(const sg_rulebook *rb, size_t window, int64_t seconds, int64_t *opens);

/* What owns a justification (a predicate, signal or condition, or a rule)
 * or an assumption (also a window); the numbers are those of the bytecode
 * format. */
typedef enum { SG_OWNER_PREDICATE = 1, SG_OWNER_RULE = 2, SG_OWNER_WINDOW = 3 } sg_owner_kind;

/* Justifications for reading protected facts. *owner_kind is an
 * sg_owner_kind; *owner indexes predicates or rules accordingly. */
size_t sg_justification_count(const sg_rulebook *rb);
void sg_justification(const sg_rulebook *rb, size_t i, int *owner_kind,
                      size_t *owner, size_t *fact_slot, const char **text);

/* Assumptions: what the rulebook assumes where its source says nothing
 * (`assumption "…"`), for a policy officer to confirm. *owner_kind is an
 * sg_owner_kind; *owner indexes predicates, rules or windows accordingly.
 * In the file's order (the compiler writes source order); a file without
 * the section ASSUMPTIONS (format 1.0) has none. */
size_t sg_assumption_count(const sg_rulebook *rb);
void sg_assumption(const sg_rulebook *rb, size_t i, int *owner_kind, size_t *owner,
                   const char **text);

/* Disassemble the whole rulebook as text, passing it to `write` in pieces. */
typedef void (*sg_write_fn)(void *userdata, const char *text, size_t len);
void sg_disassemble(const sg_rulebook *rb, sg_write_fn write, void *userdata);

/* ---- Reading an image back as source ------------------------------------ */

/* A code block of the rulebook: the condition of predicate `index`, the
 * `when` or `unless` of rule `index`, or the key of contact action
 * `action` of rule `index`. */
typedef enum {
  SG_CODE_PRED = 1, SG_CODE_RULE_WHEN = 2, SG_CODE_RULE_UNLESS = 3, SG_CODE_ACTION_KEY = 4
} sg_code_kind;
typedef struct {
  sg_code_kind kind;
  size_t index;        /* the predicate or rule */
  size_t action;       /* SG_CODE_ACTION_KEY: the rule's action */
} sg_code_ref;

/* The block `ref` as an expression of the rule language, in one canonical
 * form: names for facts, predicates, sets, tables, windows and groups;
 * literals as the language writes them (dates YYYY-MM-DD, quoted texts,
 * enum value names, countries as their quoted code); a `{ … }` list
 * written out; the precedence or < and < not < comparisons, with
 * parentheses only where needed; `not in`, `is unknown`, `not within`,
 * `any of G` and `all of G` where the code is theirs. The same condition
 * gives the same text however its source was laid out. A dated predicate's
 * or rule's `when`, and a `within` of a dated window, are shown without the
 * guard on the decision date that the compiler puts before them (their
 * period is sg_period's). Like snprintf, writes at most `cap` bytes (the
 * NUL included) to `buf` (may be NULL with cap 0) and sets *length (may
 * be NULL) to the length of the whole text. SG_ERR_RANGE when `ref` names
 * no block (a bad index, a rule without `unless`, an action that is no
 * contact), SG_ERR_NOMEM when the allocator fails (a block needs about 20
 * bytes per byte of code while it is read). */
sg_status sg_code_text(const sg_rulebook *rb, sg_code_ref ref, char *buf, size_t cap,
                       size_t *length);
/* Window `window`'s days and hours as the language writes them after
 * `window NAME =`: "weekdays 09:00 .. 17:00 except holidays", "{ mon,
 * wed } 10:30 .. 12:30" (its period is sg_period's). Like snprintf;
 * returns the length of the whole text, 0 for a bad index. */
size_t sg_window_text(const sg_rulebook *rb, size_t window, char *buf, size_t cap);
/* Element `element` of set `set` as a literal: 12, "text", an enum value's
 * name, a country's quoted code "GB" (its period is sg_period's). Like
 * snprintf; returns the length of the whole text, 0 for a bad index. */
size_t sg_set_element_text(const sg_rulebook *rb, size_t set, size_t element, char *buf,
                           size_t cap);

/* ---- Contexts: one case ------------------------------------------------ */

/* A context holds one case's facts and outcomes. All memory it needs for an
 * evaluation is allocated here, so sg_eval never allocates. Returns NULL when
 * out of memory. The rulebook must outlive the context. */
sg_context *sg_context_new(const sg_rulebook *rb);
void sg_context_free(sg_context *ctx);
/* Make every fact unknown again and clear the moment of evaluation. */
void sg_context_reset(sg_context *ctx);

/* Set a fact by slot (from sg_fact_slot). Each returns SG_ERR_RANGE for a bad
 * slot and SG_ERR_TYPE when the fact has another type. Texts are copied (this
 * may allocate; sg_eval does not). */
sg_status sg_set_unknown(sg_context *ctx, size_t slot);
sg_status sg_set_bool(sg_context *ctx, size_t slot, int value);
sg_status sg_set_int(sg_context *ctx, size_t slot, int64_t value);
sg_status sg_set_text(sg_context *ctx, size_t slot, const char *value);
/* Set an enum fact to the value named `value`; SG_ERR_VALUE if there is none. */
sg_status sg_set_enum(sg_context *ctx, size_t slot, const char *value);
sg_status sg_set_enum_index(sg_context *ctx, size_t slot, size_t index);
sg_status sg_set_date(sg_context *ctx, size_t slot, int32_t days);
sg_status sg_set_datetime(sg_context *ctx, size_t slot, int64_t seconds);
/* Set a country fact to the country whose ISO 3166-1 alpha-2 code is `code`,
 * exactly as assigned: two upper-case letters ("GB"). SG_ERR_VALUE for
 * anything else ("UK", "gb", "Verenigd Koninkrijk", "XK"). */
sg_status sg_set_country(sg_context *ctx, size_t slot, const char *code);
/* Set a fact by name: sg_fact_slot, then the setter. SG_ERR_RANGE when no
 * fact has that name. `text` is parsed by the fact's type: true/false,
 * a decimal int, a text, an enum value name, YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS],
 * a country code (as sg_set_country). */
sg_status sg_set_parsed(sg_context *ctx, const char *name, const char *text);

/* The moment of evaluation (local datetime seconds); unknown until set. */
void sg_set_now(sg_context *ctx, int64_t seconds);
/* The decision date (days since 1970-01-01): the date whose agreements
 * apply, for what the rulebook dates (`from`, `until`; format 1.3). It is
 * the date of the moment of evaluation unless set apart here (to ask what
 * an agreement of another date says about this moment); sg_context_reset
 * clears both. sg_asof gives it: 1 and *days when known, else 0. */
void sg_set_asof(sg_context *ctx, int32_t days);
int sg_asof(const sg_context *ctx, int32_t *days);

/* Evaluate every predicate and rule. Never allocates. */
sg_status sg_eval(sg_context *ctx);

/* Outcomes of the last sg_eval. */
sg_truth sg_pred_value(const sg_context *ctx, size_t pred);
/* SG_TRUE: the rule fired; SG_FALSE: it did not; SG_UNKNOWN: undetermined. */
sg_truth sg_rule_outcome(const sg_context *ctx, size_t rule);
/* For a contact action of a fired rule: the table entry its key selects, or
 * -1 when the key is unknown or names no entry. */
long sg_rule_contact(const sg_context *ctx, size_t rule, size_t action);
/* The facts an undetermined rule (or unknown predicate) waits for: fills up to
 * `cap` fact slots into `slots` and returns how many there are in all (0 when
 * the outcome is known). Deterministic, ascending slot order. Computed on
 * demand into memory the context already holds: never allocates. */
size_t sg_rule_waiting(sg_context *ctx, size_t rule, size_t *slots, size_t cap);
/* (slots may be NULL with cap 0, to learn the count.) The waiting sets,
 * reasons and open questions describe the last sg_eval: after a setter they
 * are empty until the next sg_eval. */
size_t sg_pred_waiting(sg_context *ctx, size_t pred, size_t *slots, size_t cap);

/* ---- Explanations (computed on demand: sg_eval never pays for them) ---- */

/* What a value rests on: a fact read, a predicate used, or the moment of
 * evaluation (`now`, `today`). */
typedef enum { SG_REASON_FACT = 1, SG_REASON_PRED = 2, SG_REASON_NOW = 3 } sg_reason_kind;
typedef struct {
  sg_reason_kind kind;
  size_t index;         /* fact slot or predicate index; 0 for SG_REASON_NOW */
} sg_reason;

/* Parts of a rule: its `when`, its `unless`, and the key of contact action
 * k (SG_PART_ACTION + k). */
enum { SG_PART_WHEN = 0, SG_PART_UNLESS = 1, SG_PART_ACTION = 2 };

/* The truth of a rule's `when` or `unless` at the last sg_eval; a rule
 * without `unless` has SG_FALSE there. */
sg_truth sg_rule_part(const sg_context *ctx, size_t rule, unsigned part);

/* The direct reasons of a part's value at the last sg_eval: for a true or
 * false value, the inputs that decided it (of `a and b` false, the first
 * false operand; true, both; `at least N of G`, the members with the same
 * truth); for an unknown value, the unknown inputs it waits for. Facts come
 * first (ascending slot), then predicates (ascending), then the moment.
 * Explain a predicate in turn with sg_pred_reasons. Fills up to `cap`
 * reasons and returns how many there are in all (0 for a part the rule does
 * not have). Never allocates. */
size_t sg_rule_reasons(sg_context *ctx, size_t rule, unsigned part, sg_reason *out, size_t cap);
size_t sg_pred_reasons(sg_context *ctx, size_t pred, sg_reason *out, size_t cap);

/* The presumptions of a decided rule's `when` or `unless` (`part`): the
 * unknown facts that part's decisive value rests on, so that an answer to
 * one of them could change the rule's outcome. `unless established X`
 * rests on X while X is unknown; `x is unknown` rests on x. Only the parts
 * that decided the outcome count: both of a fired rule, a false `when` or a
 * true `unless` of a rule that did not fire. Fills up to `cap` slots,
 * ascending, and returns how many there are in all (0 for an undetermined
 * rule). Never allocates. */
size_t sg_rule_presumed(sg_context *ctx, size_t rule, unsigned part, size_t *slots, size_t cap);

/* The value of the fact at `slot` as text, or NULL when it is unknown: a
 * text fact's own text, an enum value's name, "true"/"false", a decimal
 * int, YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or a country's code ("GB"). `buf` (at least 24 bytes) holds
 * what needs formatting. For reports a case worker reads; never log it. */
const char *sg_fact_value(const sg_context *ctx, size_t slot, char *buf, size_t len);

/* An open question: an unknown fact whose answer could change an outcome. */
typedef struct {
  size_t slot;          /* the fact */
  size_t waiting;       /* undetermined rules that wait for it */
  size_t settles_max;   /* undetermined rules the best single answer settles */
  size_t settles_min;   /* ... that every answer settles */
  size_t presumed;      /* decided rules that rest on it while it is unknown
                           (an `established` exception, an `is unknown`
                           test): see sg_rule_presumed */
  size_t changes;       /* decided rules the most decisive answer changes
                           (tried facts); `presumed` for the others */
  int optional;         /* the fact is optional (sg_fact_optional) */
  int tried;            /* 1: settles_* come from trying every value (bool,
                           enum facts); 0: other types, where settles_max is
                           `waiting` (an upper bound) and settles_min 0 */
} sg_question;

/* The open questions after the last sg_eval, most useful first (the
 * optional ones last; by settles_max, then settles_min, each with
 * sg_question_contacts added, then changes, then tried ones first, then
 * waiting, then slot). A question is an unknown fact that an undetermined
 * rule waits for, that the table key of a contact of a rule that holds
 * waits for (sg_question_contacts), or that a decided rule rests on and
 * some answer of which changes an outcome (for bool and enum facts tried;
 * others are kept). Tries answers on the
 * context itself and restores it (the outcomes are those of the case as
 * set). Fills up to `cap` and returns how many there are in all. Never
 * allocates. */
size_t sg_open_questions(sg_context *ctx, sg_question *out, size_t cap);

/* How many contacts of rules that hold cannot give their number because
 * their table key waits for fact `slot` (unknown), as the last
 * sg_open_questions counted them: every answer decides them (the number
 * is found, or the table has no entry for it). sg_open_questions counts
 * such a fact as a question even when no rule waits for it, and orders it
 * as if its answer settled that many rules more. 0 for a bad slot, a
 * context not evaluated, or one sg_open_questions has not been asked
 * since it was reset. */
size_t sg_question_contacts(const sg_context *ctx, size_t slot);

/* ---- Ahead-of-time code (signaal compile --emit-c; docs/api.md) -------- */

/* sg_emit_c writes C source that evaluates rulebook `rb`'s code without
 * the interpreter: one C function per code block (each predicate's
 * condition, each rule's `when` and `unless`, each contact key), read from
 * the verified instructions, and an entry point
 *
 *   int PREFIXeval(sg_context *ctx, sg_truth *preds, sg_truth *rules,
 *                  sg_truth *parts, long *contacts);
 *
 * that fills preds (sg_pred_count), rules (sg_rule_count), parts (2 per
 * rule: when, unless; may be NULL) and contacts (one per action of every
 * rule, rule by rule; -1 where sg_rule_contact gives -1; may be NULL) with
 * what sg_eval would give, and returns SG_OK, or SG_ERR_FORMAT (writing
 * nothing) when ctx's rulebook is not the image the file was made from
 * (its bytecode SHA-256 differs). It also defines PREFIXbytecode_sha256
 * (32 bytes). The file needs only this header and libsignaal (the readers
 * below). `prefix` names the file's symbols (a C identifier; NULL: "sgx_").
 * `write` gets the text in pieces. SG_ERR_RANGE for a bad prefix. */
sg_status sg_emit_c(const sg_rulebook *rb, const char *prefix, sg_write_fn write,
                    void *userdata);

/* What generated code reads of a context. The rulebook a context was made
 * for. */
const sg_rulebook *sg_context_rulebook(const sg_context *ctx);
/* Fact `slot` of any type but text as a number (a bool 0 or 1, an int, an
 * enum value's index, days, seconds, a country's index): 1 and *value when
 * it is known, else 0 (and for a bad slot or a text fact). */
int sg_fact_number(const sg_context *ctx, size_t slot, int64_t *value);
/* The text of text fact `slot`, or NULL when it is unknown (or no text
 * fact). Owned by the context until the fact is set again. */
const char *sg_fact_text(const sg_context *ctx, size_t slot);
/* The moment of evaluation: 1 and *seconds (may be NULL) when set, else 0. */
int sg_now(const sg_context *ctx, int64_t *seconds);
/* Whether the known value (`number` for an int, enum or country set,
 * `text` for a text set) is in set `set` on the context's decision date:
 * as `in` tests it (SG_UNKNOWN when a dated element would count but the
 * date is unknown); SG_UNKNOWN for a bad index. */
sg_truth sg_set_has(const sg_context *ctx, size_t set, int64_t number, const char *text);
/* The entry of table `table` whose key is `key` and that holds on the
 * context's decision date: its index, -1 when there is none, -2 when it
 * depends on an unknown decision date (or for a bad index). */
long sg_table_lookup(const sg_context *ctx, size_t table, const char *key);
/* sg_window_contains, keeping the context's memo of the last day's public
 * holiday (as `within` does during sg_eval). */
int sg_context_within(sg_context *ctx, size_t window, int64_t seconds);

/* ---- Countries ---------------------------------------------------------- */

/* The Dutch short name of the country whose ISO 3166-1 alpha-2 code is
 * exactly `code` ("GB": "Verenigd Koninkrijk"), or NULL when no country has
 * that code. A static string. */
const char *sg_country_name(const char *code);

/* ---- Dates ------------------------------------------------------------- */

/* Days since 1970-01-01 for a proleptic Gregorian date. */
int32_t sg_days_from_civil(int year, int month, int day);
/* The inverse: the proleptic Gregorian date of `days` since 1970-01-01
 * (any pointer may be NULL). */
void sg_civil_from_days(int32_t days, int *year, int *month, int *day);
/* The Dutch public holiday on the day `days` since 1970-01-01, or NULL:
 * the "algemeen erkende feestdagen" of the Algemene termijnenwet, art. 3
 * lid 1, as they fall in that (proleptic Gregorian) year:
 *   "Nieuwjaarsdag"       1 January
 *   "Tweede Paasdag"      Easter Monday (Easter computed, Gregorian computus)
 *   "Tweede Pinksterdag"  Whit Monday, Easter + 50
 *   "Eerste Kerstdag", "Tweede Kerstdag"   25 and 26 December
 *   "Hemelvaartsdag"      Ascension Day, Easter + 39
 *   "Koningsdag"          from 2014: 27 April, 26 April when the 27th is a Sunday
 *   "Koninginnedag"       1980-2013: 30 April, 29 April when the 30th is a
 *                         Sunday; 1949-1979: 30 April, 1 May when the 30th
 *                         is a Sunday (none before 1949)
 *   "Bevrijdingsdag"      5 May, every year, as the law lists it
 * When two fall on one day the first in the law's order is named
 * ("Hemelvaartsdag" on 5 May 2016). Good Friday (Easter - 2) is equated with
 * these only for legal deadlines (lid 2): "Goede Vrijdag" is returned only
 * when include_good_friday is non-zero. The result is a static string. */
const char *sg_public_holiday(int32_t days, int include_good_friday);
/* Parse "YYYY-MM-DD" into days, "YYYY-MM-DDTHH:MM[:SS]" into seconds.
 * Return 0 on success, -1 when the text is not such a valid date. */
int sg_parse_date(const char *text, int32_t *days);
int sg_parse_datetime(const char *text, int64_t *seconds);
/* Format into buf (at least 20 bytes): "YYYY-MM-DD" / "YYYY-MM-DDTHH:MM:SS". */
void sg_format_date(int32_t days, char *buf);
void sg_format_datetime(int64_t seconds, char *buf);

#ifdef __cplusplus
}
#endif
#endif
