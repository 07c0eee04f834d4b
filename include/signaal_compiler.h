/* signaal_compiler.h — the public API of the Signaal compiler (libsignaalc).
 *
 * Compiles .rules sources into a verified-format bytecode image, collects
 * diagnostics with positions, and exposes the examples written in the rule
 * files so a test runner can run them against the runtime. Depends on the
 * runtime's format, never the other way round.
 */
#ifndef SIGNAAL_COMPILER_H
#define SIGNAAL_COMPILER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sgc_compiler sgc_compiler;

typedef enum { SGC_ERROR = 1, SGC_NOTE = 2 } sgc_severity;

/* One diagnostic. `rendered` is the whole text a user sees:
 * "file:line:col: error: message\n <source line>\n <caret>\n". */
typedef struct {
  sgc_severity severity;
  const char *file;     /* as given, or as included */
  int line, column;     /* 1-based; 0 when there is no position */
  const char *message;  /* one line, no position */
  const char *rendered;
} sgc_diagnostic;

/* An example's given value. */
typedef enum {
  SGC_GIVEN_UNKNOWN, SGC_GIVEN_BOOL, SGC_GIVEN_INT, SGC_GIVEN_TEXT,
  SGC_GIVEN_ENUM, SGC_GIVEN_DATE, SGC_GIVEN_DATETIME, SGC_GIVEN_COUNTRY
} sgc_given_kind;

typedef struct {
  const char *fact;
  sgc_given_kind kind;
  int64_t number;       /* bool, int, date (days), datetime (seconds) */
  const char *text;     /* text, the enum value's name, or the country's code */
} sgc_given;

typedef enum { SGC_EXPECT_TRUE, SGC_EXPECT_FALSE, SGC_EXPECT_UNDETERMINED } sgc_expect_kind;

/* What an expectation is about: a rule's outcome or a signal's or
 * condition's value (`expect NAME`); a text in the advice of the fired rules
 * (`expect text "…"`); a contact entry they give (`expect contact
 * TABLE["key"]`); either of the last two optionally of one rule (`… in
 * RULE`). */
typedef enum { SGC_EXPECT_OUTCOME, SGC_EXPECT_ADVICE_TEXT, SGC_EXPECT_CONTACT } sgc_expect_what;

typedef struct {
  const char *name;     /* a rule, signal or condition; a contact's table */
  sgc_expect_kind kind; /* TRUE: it holds (is in the advice); FALSE: not (`expect not`) */
  int line, column;
  sgc_expect_what what;
  const char *text;     /* the text of `expect text`, the key of `expect contact` */
  const char *rule;     /* about the advice: `in RULE`, the rule that must give it (or,
                           with `not`, must not); NULL: any rule that fires */
} sgc_expectation;

typedef struct {
  const char *title;
  const char *file;
  int line, column;
  int has_now;
  int64_t now;          /* seconds, when has_now */
  const char *case_file; /* a case file (JSON) to apply before the givens, or NULL;
                            resolved relative to the rule file that names it */
  int case_line, case_column;
  size_t given_count;
  const sgc_given *given;
  size_t expect_count;
  const sgc_expectation *expect;
} sgc_example;

/* A new compiler; NULL when out of memory. */
sgc_compiler *sgc_new(void);
void sgc_free(sgc_compiler *c);

/* The most bytes a rule file may have unless sgc_set_max_file_size says
 * otherwise: 16 MiB. */
#define SGC_DEFAULT_MAX_FILE_SIZE ((size_t)16 * 1024 * 1024)
/* The largest limit there is (the scanner counts a file's bytes in an int). */
#define SGC_MAX_FILE_SIZE_LIMIT ((size_t)2147483646)

/* Set, before compiling, the most bytes each rule file may have (the main
 * file, every included file, the text given to sgc_compile_string). A
 * larger file is one error that names it and the limit; it is read no
 * further than one byte past the limit, so /dev/zero ends at once. `bytes`
 * 0 restores SGC_DEFAULT_MAX_FILE_SIZE; more than SGC_MAX_FILE_SIZE_LIMIT
 * is taken as that. */
void sgc_set_max_file_size(sgc_compiler *c, size_t bytes);

/* How many errors a compile keeps and shows unless sgc_set_max_errors says
 * otherwise: 20, as clang does. */
#define SGC_DEFAULT_MAX_ERRORS 20
/* Set, before compiling, how many errors (each with its notes) are kept as
 * diagnostics; later errors are counted (sgc_compile_* returns them all)
 * and one last note says how many were not shown. 0 keeps every error. */
void sgc_set_max_errors(sgc_compiler *c, int errors);

/* Compile the rulebook whose main file is paths[0] (it holds the header);
 * paths[1..n-1] are read after it as if it included them, and further files
 * come in by include. Returns the number of errors (0: success, image and
 * examples available). A compiler compiles once (a second call returns -1
 * and changes nothing); make a new one per run. */
int sgc_compile_files(sgc_compiler *c, const char *const *paths, size_t n);
/* The same for a source held in memory; `name` is used in diagnostics and
 * includes are resolved relative to the current directory. */
int sgc_compile_string(sgc_compiler *c, const char *name, const char *text, size_t len);

/* Whether the compile stopped because an allocation failed (it then
 * counts as one error without a diagnostic; the diagnostics before it
 * stand, but the rulebook was not read to its end). */
int sgc_out_of_memory(const sgc_compiler *c);

/* The diagnostics, in order; sgc_diagnostic_at is NULL for i out of range. */
size_t sgc_diagnostic_count(const sgc_compiler *c);
const sgc_diagnostic *sgc_diagnostic_at(const sgc_compiler *c, size_t i);

/* The bytecode image after a successful compile (owned by the compiler);
 * NULL, and *size 0, after errors. `size` may be NULL. */
const uint8_t *sgc_image(const sgc_compiler *c, size_t *size);

/* The examples after a successful compile (none after errors);
 * sgc_example_at is NULL for i out of range. */
size_t sgc_example_count(const sgc_compiler *c);
const sgc_example *sgc_example_at(const sgc_compiler *c, size_t i);

/* A place in the sources: the file as the image names it (sg_rulebook_file:
 * the main file by its base name, any other by its path relative to the
 * main file's directory, so it does not depend on how a path was typed),
 * 1-based line and column (in characters), and the file's path as it was
 * read (as typed, or resolved from the including file), which is the one a
 * message shows: a user can open it. */
typedef struct {
  const char *file;
  int line, column;
  const char *path;
} sgc_position;

/* Where each `assumption` clause is written, after a successful compile
 * (none after errors): position i is that of the image's assumption i
 * (sg_assumption, in the runtime, says what it assumes and whose it is);
 * NULL for i out of range. */
size_t sgc_assumption_count(const sgc_compiler *c);
const sgc_position *sgc_assumption_at(const sgc_compiler *c, size_t i);

/* Where entry `entry` of the image's table `table` is written (its key),
 * and where the `checked DATE` that gives its check date is (its own, or
 * its table's), after a successful compile; NULL for a bad index, and for
 * an entry without a check date. An entry whose fields have periods is
 * several entries of the image, each at the entry's place. */
const sgc_position *sgc_entry_at(const sgc_compiler *c, size_t table, size_t entry);
const sgc_position *sgc_entry_checked_at(const sgc_compiler *c, size_t table, size_t entry);

/* Where the declaration called `name` (a fact, set, table, window, group,
 * signal, condition, rule or actor: one namespace) names it, after a
 * successful compile: 1 and *out, or 0 when there is none. */
int sgc_declaration_at(const sgc_compiler *c, const char *name, sgc_position *out);

/* A paragraph of a source document: a header's `document "PATH"` names a
 * text file whose lines `[LABEL]` (alone on their line) each begin a
 * paragraph; a citation (`source`) names paragraphs by their labels
 * (docs/language.md, "Documents and citations"). */
typedef struct {
  const char *label;    /* as between the brackets, trimmed */
  const char *text;     /* its lines up to the next label, without the blank
                           lines around them, joined by '\n'; "" when none */
  sgc_position at;      /* where its label is written (the column of the '[') */
} sgc_paragraph;

typedef struct {
  const char *title;    /* the first line with text before the first label; "" */
  sgc_position at;      /* the `document` clause's path (in the main file); its
                           file and path are the rule file's */
  const char *file;     /* the document as the image names it (it is one of the
                           rulebook's sources: in the manifest and source hash) */
  const char *path;     /* as read */
  size_t paragraph_count;
  const sgc_paragraph *paragraphs; /* in the order written */
} sgc_document;

/* One part of a citation (a `source` is split at each ';' outside
 * brackets): the paragraph it names, and who cites it. */
typedef struct {
  const char *name;     /* the signal, condition or rule whose `source` it is */
  const char *kind;     /* "signal", "condition" or "rule" */
  sgc_position at;      /* where that declaration names itself */
  size_t document, paragraph; /* indices into sgc_document_at and its paragraphs */
  const char *note;     /* the text in brackets after the label
                           ("LABEL (NOTE)"), or NULL */
} sgc_citation;

/* The documents the header names, in the order named, after a successful
 * compile (none after errors); NULL for i out of range. */
size_t sgc_document_count(const sgc_compiler *c);
const sgc_document *sgc_document_at(const sgc_compiler *c, size_t i);

/* Every part of every citation of a rulebook that names documents, after a
 * successful compile: declarations in the order read, parts in the order
 * written (none without documents, none after errors); NULL for i out of
 * range. */
size_t sgc_citation_count(const sgc_compiler *c);
const sgc_citation *sgc_citation_at(const sgc_compiler *c, size_t i);

/* Write `size` bytes to `path` atomically: a temporary file in the same
 * directory, fsync, rename. On failure the old file (if any) is untouched,
 * no temporary file is left, and `err` (errlen bytes) says why. 0 on success. */
int sgc_write_atomic(const char *path, const void *data, size_t size, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
