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

/* Compile args->operands into args->output; returns the exit code. */
static int run_compile(const cli_args *args) {
  for (size_t i = 0; i < args->operand_count; i++)
    if (strcmp(args->operands[i], args->output) == 0)
      return args_usage_error("compile", "the output file is one of the sources");
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
    if (code == CLI_EXIT_OK) {
      char why[256] = "";
      if (sgc_write_atomic(args->output, image, size, why, sizeof why) != 0) {
        why[sizeof why - 1] = '\0';
        fprintf(stderr, "%s: error: cannot write: %s\n", args->output,
                why[0] ? why : "unknown reason");
        code = CLI_EXIT_IO;
      } else if (args->verbose) {
        describe(args->output, size, rb);
      }
      sg_rulebook_free(rb);
    }
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
    {0, NULL, NULL}},
  .about =
    "Compile a rulebook into bytecode. The first RULES file is the main file (it\n"
    "holds the `rulebook` header); further files are read after it as if it\n"
    "included them. Errors are printed as file:line:col: error: message, with the\n"
    "source line and a caret. When there is any error nothing is written and an\n"
    "existing output file stays as it was; otherwise the file is replaced\n"
    "atomically. The same sources always give the same bytes.\n",
  .examples =
    "  signaal compile rules/uitbuiting.rules -o build/uitbuiting.rbc\n"
    "  signaal compile main.rules extra.rules -o out.rbc -v\n",
};
