/* cmd_compile.c — `signaal compile`: compile .rules sources, check the image
 * with the runtime's verifier, and write it atomically. On any error nothing
 * is written and an existing output file is left as it was.
 */
#include "cli.h"
#include "fileio.h"
#include "load.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "signaal.h"
#include "signaal_compiler.h"

void usage_compile(FILE *out) {
  fputs("Usage: signaal compile RULES... -o FILE.rbc [--quiet] [-v]\n"
        "\n"
        "Compile a rulebook into bytecode. The first RULES file is the main file (it\n"
        "holds the `rulebook` header); further files are read after it as if it\n"
        "included them. Errors are printed as file:line:col: error: message, with the\n"
        "source line and a caret. When there is any error nothing is written and an\n"
        "existing output file stays as it was; otherwise the file is replaced\n"
        "atomically. The same sources always give the same bytes.\n"
        "\n"
        "Options:\n"
        "  -o, --output FILE  where to write the bytecode (required)\n"
        "  -q, --quiet        print errors only, no notes and no summary\n"
        "  -v, --verbose      on success, say what was written\n"
        "  -h, --help         show this help\n"
        "\n"
        "Examples:\n"
        "  signaal compile rules/uitbuiting.rules -o build/uitbuiting.rbc\n"
        "  signaal compile main.rules extra.rules -o out.rbc -v\n",
        out);
  usage_exit_codes(out);
}

enum { OPT_OUTPUT = 1, OPT_QUIET, OPT_VERBOSE, OPT_HELP };

static const cli_option compile_options[] = {
  {"output", 'o', 1, OPT_OUTPUT},
  {"quiet", 'q', 0, OPT_QUIET},
  {"verbose", 'v', 0, OPT_VERBOSE},
  {"help", 'h', 0, OPT_HELP},
};

/* Verify the image with the runtime: the compiler must never write what the
 * loader would reject. On success *out is the loaded rulebook. */
static int verify_image(const char *output, const uint8_t *image, size_t size, sg_rulebook **out) {
  sg_error err;
  memset(&err, 0, sizeof err);
  if (sg_rulebook_load(image, size, NULL, NULL, out, &err) != SG_OK || *out == NULL) {
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

int cmd_compile(int argc, char **argv) {
  const char *output = NULL;
  int quiet = 0, verbose = 0;
  const char **inputs = calloc((size_t)(argc > 0 ? argc : 1), sizeof *inputs);
  if (inputs == NULL) {
    fputs("signaal compile: error: out of memory\n", stderr);
    return CLI_EXIT_IO;
  }
  size_t input_count = 0;
  args_cursor cur;
  args_init(&cur, argc, argv, compile_options, sizeof compile_options / sizeof compile_options[0]);
  const char *value;
  int id, code = CLI_EXIT_OK;
  while (code == CLI_EXIT_OK && (id = args_next(&cur, &value)) != ARGS_END) {
    switch (id) {
    case OPT_OUTPUT: output = value; break;
    case OPT_QUIET: quiet = 1; break;
    case OPT_VERBOSE: verbose = 1; break;
    case OPT_HELP:
      free(inputs);
      usage_compile(stdout);
      return stdout_finish(CLI_EXIT_OK);
    case ARGS_OPERAND: inputs[input_count++] = value; break;
    default: code = CLI_EXIT_USAGE; break;
    }
  }
  if (code == CLI_EXIT_OK && input_count == 0)
    code = args_usage_error("compile", "missing RULES: name the .rules file(s) to compile");
  if (code == CLI_EXIT_OK && output == NULL)
    code = args_usage_error("compile", "missing -o FILE.rbc: say where to write the bytecode");
  for (size_t i = 0; code == CLI_EXIT_OK && i < input_count; i++)
    if (strcmp(inputs[i], output) == 0)
      code = args_usage_error("compile", "the output file is one of the sources");
  if (code != CLI_EXIT_OK) {
    free(inputs);
    return code;
  }

  sgc_compiler *c = NULL;
  code = load_compile(inputs, input_count, quiet, &c);
  if (code == CLI_EXIT_INPUT && !quiet)
    fprintf(stderr, "signaal compile: %s not written\n", output);
  if (code == CLI_EXIT_OK) {
    size_t size = 0;
    const uint8_t *image = sgc_image(c, &size);
    sg_rulebook *rb = NULL;
    code = verify_image(output, image, size, &rb);
    if (code == CLI_EXIT_OK) {
      char why[256] = "";
      if (sgc_write_atomic(output, image, size, why, sizeof why) != 0) {
        why[sizeof why - 1] = '\0';
        fprintf(stderr, "%s: error: cannot write: %s\n", output, why[0] ? why : "unknown reason");
        code = CLI_EXIT_IO;
      } else if (verbose) {
        describe(output, size, rb);
      }
      sg_rulebook_free(rb);
    }
  }
  if (c != NULL) sgc_free(c);
  free(inputs);
  return code;
}
