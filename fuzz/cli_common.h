/* cli_common.h — shared by the fuzz targets of the command-line tool's code
 * (fuzz_case, fuzz_answers, fuzz_args, fuzz_rules_case): standard output
 * and standard error caught in memory, the rulebooks compiled once, a
 * search that libFuzzer does not learn from, and fuzz_case_run, which takes
 * one case file through the case reader, the evaluation and every report.
 */
#ifndef FUZZ_CLI_COMMON_H
#define FUZZ_CLI_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "signaal.h"
#include "signaal_compiler.h"

/* The tool's printing caught: while begun, the FILEs `stdout` and `stderr`
 * are memory streams (glibc lets a program assign them), so nothing reaches
 * the terminal and the text can be checked. fuzz_fail and the sanitizers
 * write to file descriptor 2 and are still seen. */
typedef struct {
  FILE *saved_out, *saved_err, *out_stream, *err_stream;
  char *out, *err;            /* after fuzz_capture_end: what was printed, NUL-ended */
  size_t out_len, err_len;
} fuzz_capture;

void fuzz_capture_begin(fuzz_capture *c);
void fuzz_capture_end(fuzz_capture *c);
void fuzz_capture_free(fuzz_capture *c);

/* Whether `needle` (nlen > 0 bytes) occurs in `hay`: a plain loop, so that
 * libFuzzer's hooks of strstr and memmem do not feed the tool's messages
 * back into the inputs as dictionary words. */
int fuzz_find(const char *hay, size_t hlen, const char *needle, size_t nlen);

/* A hash of the input that picks the variant of a run (options, moment). */
uint64_t fuzz_hash(const uint8_t *data, size_t size);

/* The image of a compile without errors, loaded with fuzz_alloc (free it
 * with sg_rulebook_free); aborts when the verifier rejects it. */
sg_rulebook *fuzz_load_image(const sgc_compiler *c);

/* Append `text` and a newline to the NUL-ended buffer at *buf (*len bytes
 * used; NULL and 0 to start); aborts when memory runs out. */
void fuzz_append_line(char **buf, size_t *len, const char *text);

/* FUZZ_ROOT/rel (the repository root, fixed at build time) compiled and
 * loaded with fuzz_alloc; aborts when it does not compile or load. The
 * rulebook stays for the life of the process. */
const sg_rulebook *fuzz_rulebook_at(const char *rel);

/* The bundled rulebook, rules/uitbuiting.rules, compiled on first use. */
const sg_rulebook *fuzz_bundled(void);

/* Every fact name of `rb`, one a line, each fact's enum values as messages
 * list them ("one of: a, b"), and its actors, for the privacy checks: a
 * value that is part of these may rightly appear in a message.
 * Owned by the caller (free). */
char *fuzz_vocabulary(const sg_rulebook *rb);

/* The case file `json` (len bytes, named "case" in messages) read by the
 * tool's case reader (facts_apply) into a session on `rb`; when it reads,
 * evaluated at a moment picked by `variant`, with --role, --as-of,
 * --with-facts and --explain picked by it too, and written in every report
 * format into memory; and the case saved as JSON (what interview --save
 * writes) and read back. Aborts when a promise breaks: the messages are
 * "case…" lines that quote no string value of the case; an evaluation and
 * every report succeed; the JSON report is JSON (with --with-facts, its
 * facts are the case's); the HTML report's tags nest and its text is
 * escaped; the saved case reads back to the same values. */
void fuzz_case_run(const sg_rulebook *rb, const char *json, size_t len, uint64_t variant);

#endif
