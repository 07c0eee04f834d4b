/* cmd_compile.c — `signaal compile`: compile .rules sources, check the image
 * with the runtime's verifier, and write it atomically. On any error nothing
 * is written and an existing output file is left as it was.
 */
#include "cli.h"
#include "lang.h"
#include "load.h"
#include "oom.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "signaal.h"
#include "signaal_compiler.h"

/* Verify the image with the runtime: the compiler must never write what the
 * loader would reject. On success *out is the loaded rulebook. */
static int verify_image(const char *output, const uint8_t *image, size_t size, sg_rulebook **out) {
  sg_error err;
  memset(&err, 0, sizeof err);
  sg_status status = sg_rulebook_load(image, size, NULL, NULL, out, &err);
  if (status == SG_ERR_NOMEM) return oom_error("signaal compile");
  if (status != SG_OK || *out == NULL) {
    err.message[sizeof err.message - 1] = '\0';
    fprintf(stderr,
            "signaal compile: error: internal error: the compiled rulebook does not verify: %s; "
            "%s not written\n",
            err.message, output);
    return CLI_EXIT_INPUT;
  }
  return CLI_EXIT_OK;
}

/* -v: what was written, on stderr (stdout stays free for pipes). */
static void describe(const char *output, size_t size, const sg_rulebook *rb) {
  char hash[65];
  report_hex(sg_rulebook_bytecode_hash(rb), hash);
  fprintf(stderr, "wrote %s: %zu bytes; \"%s\" version %s; %zu facts, %zu rules\n", output, size,
          report_str(sg_rulebook_title(rb)), report_str(sg_rulebook_version(rb)),
          sg_fact_count(rb), sg_rule_count(rb));
  fprintf(stderr, "sha256 %s\n", hash);
}

/* The C text sg_emit_c writes, gathered in memory so that it is written
 * atomically, like the image. `failed` once an allocation failed. */
typedef struct {
  char *text;
  size_t length, cap;
  int failed;
} emit_buffer;

static void emit_append(void *userdata, const char *text, size_t len) {
  emit_buffer *b = userdata;
  if (b->failed) return;
  if (b->length + len > b->cap) {
    size_t cap = b->cap ? b->cap : 65536;
    while (cap < b->length + len) cap *= 2;
    char *grown = realloc(b->text, cap);
    if (grown == NULL) {
      b->failed = 1;
      return;
    }
    b->text = grown;
    b->cap = cap;
  }
  memcpy(b->text + b->length, text, len);
  b->length += len;
}

/* --emit-c, before anything is written: the code of `rb` as C into *b;
 * returns the exit code (on failure neither file is written). */
static int make_emitted_c(const cli_args *args, const sg_rulebook *rb, emit_buffer *b) {
  sg_status st = sg_emit_c(rb, NULL, emit_append, b);
  if (st == SG_ERR_NOMEM || b->failed) return oom_error("signaal compile");
  if (st == SG_OK) return CLI_EXIT_OK;
  fprintf(stderr, "signaal compile: error: internal error: cannot write the code as C; %s and %s "
          "not written\n", args->output, args->emit_c);
  return CLI_EXIT_INPUT;
}

/* Write `len` bytes atomically to `path`; the exit code, the error said. */
static int write_file(const char *path, const void *data, size_t len) {
  char why[256] = "";
  if (sgc_write_atomic(path, data, len, why, sizeof why) == 0) return CLI_EXIT_OK;
  why[sizeof why - 1] = '\0';
  fprintf(stderr, "%s: error: cannot write: %s\n", path, why[0] ? why : "unknown reason");
  return CLI_EXIT_IO;
}

/* Compile args->operands into args->output; returns the exit code. */
static int run_compile(const cli_args *args) {
  for (size_t i = 0; i < args->operand_count; i++)
    if (strcmp(args->operands[i], args->output) == 0 ||
        (args->emit_c != NULL && strcmp(args->operands[i], args->emit_c) == 0))
      return args_usage_error("compile", "the output file is one of the sources");
  if (args->emit_c != NULL && strcmp(args->emit_c, args->output) == 0)
    return args_usage_error("compile", "--emit-c names the same file as -o");
  sgc_compiler *c = NULL;
  int code = load_compile(args->operands, args->operand_count, args->quiet, args->max_rule_size,
                          &c);
  if (code == CLI_EXIT_INPUT && !args->quiet)
    fprintf(stderr, _("signaal compile: %s not written\n"), args->output);
  if (code == CLI_EXIT_OK) {
    size_t size = 0;
    const uint8_t *image = sgc_image(c, &size);
    sg_rulebook *rb = NULL;
    code = verify_image(args->output, image, size, &rb);
    emit_buffer b = {NULL, 0, 0, 0};
    if (code == CLI_EXIT_OK && args->emit_c != NULL) code = make_emitted_c(args, rb, &b);
    if (code == CLI_EXIT_OK) code = write_file(args->output, image, size);
    if (code == CLI_EXIT_OK && args->emit_c != NULL) {
      code = write_file(args->emit_c, b.text, b.length);
      if (code != CLI_EXIT_OK)  /* two files cannot be replaced as one */
        fprintf(stderr, "signaal compile: note: %s was written; %s was not\n", args->output,
                args->emit_c);
    }
    if (code == CLI_EXIT_OK && args->verbose) describe(args->output, size, rb);
    free(b.text);
    sg_rulebook_free(rb);
  }
  if (c != NULL) sgc_free(c);
  return code;
}

const cli_command command_compile = {
  .name = "compile", .operand = "RULES", .run = run_compile,
  .missing = "missing RULES: name the .rules file(s) to compile",
  .summary = "compile .rules sources into a bytecode rulebook (.rbc)",
  .options = (const cli_use[]){
    {OPT_OUTPUT, "where to write the bytecode (required)",
     "missing -o FILE.rbc: say where to write the bytecode"},
    {OPT_QUIET, "print errors only, no notes and no summary", NULL},
    {OPT_VERBOSE, NULL, NULL}, {OPT_MAX_RULE_SIZE, NULL, NULL}, {OPT_MAX_ERRORS, NULL, NULL},
    {OPT_EMIT_C, NULL, NULL},
    {0, NULL, NULL}},
  .about =
    "Compile a rulebook into bytecode. The first RULES file is the main file (it\n"
    "holds the `rulebook` header); further files are read after it as if it\n"
    "included them. Errors are printed as file:line:col: error: message, with the\n"
    "source line and a caret. When there is any error nothing is written and an\n"
    "existing output file stays as it was; otherwise the file is replaced\n"
    "atomically. The same sources always give the same bytes.\n"
    "\n"
    "With --emit-c FILE.c the rulebook's code is also written as C, read from the\n"
    "verified image block by block: build it with libsignaal and call sgx_eval to\n"
    "get every predicate, rule outcome and contact as sg_eval gives them, without\n"
    "the interpreter. It refuses a rulebook other than the image it was made from.\n",
  .examples =
    "  signaal compile rules/uitbuiting.rules -o build/uitbuiting.rbc\n"
    "  signaal compile main.rules extra.rules -o out.rbc -v\n"
    "  signaal compile rules/uitbuiting.rules -o u.rbc --emit-c u.c\n",
};
