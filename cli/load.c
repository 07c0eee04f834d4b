/* load.c — compile sources or load bytecode for a command, and print what
 * went wrong in the tool's message format.
 */
#include "load.h"
#include "cli.h"
#include "fileio.h"
#include "oom.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t load_print_diagnostics(const sgc_compiler *c, int errors_only) {
  size_t errors = 0;
  size_t count = sgc_diagnostic_count(c);
  for (size_t i = 0; i < count; i++) {
    const sgc_diagnostic *d = sgc_diagnostic_at(c, i);
    if (d == NULL) continue;
    if (d->severity == SGC_ERROR) errors++;
    else if (errors_only) continue;
    const char *text = d->rendered != NULL ? d->rendered : d->message;
    if (text == NULL) continue;
    size_t len = strlen(text);
    fputs(text, stderr);
    if (len == 0 || text[len - 1] != '\n') fputc('\n', stderr);
  }
  return errors;
}

/* --max-errors, for every compile of this process (main sets it). */
static int load_max_errors = SGC_DEFAULT_MAX_ERRORS;

void load_set_max_errors(int errors) { load_max_errors = errors; }

int load_compile(const char *const *paths, size_t count, int errors_only, size_t max_size,
                 sgc_compiler **out) {
  *out = NULL;
  if (file_check_readable(paths, count) != 0) return CLI_EXIT_IO;
  sgc_compiler *c = sgc_new();
  if (c == NULL) return oom_error(paths[0]);
  sgc_set_max_file_size(c, max_size);
  sgc_set_max_errors(c, load_max_errors);
  int errors = sgc_compile_files(c, paths, count);
  size_t printed = load_print_diagnostics(c, errors_only);
  if (sgc_out_of_memory(c)) { /* the errors before it stand, but the rest was not read */
    sgc_free(c);
    return oom_error(paths[0]);
  }
  if (errors > 0 || printed > 0) {
    if (printed == 0) /* the compiler counted an error it did not describe */
      fprintf(stderr, "%s: error: the rulebook has errors\n", paths[0]);
    sgc_free(c);
    return CLI_EXIT_INPUT;
  }
  size_t size = 0;
  if (sgc_image(c, &size) == NULL || size == 0) {
    fprintf(stderr, "%s: error: internal error: the compiler produced no bytecode\n", paths[0]);
    sgc_free(c);
    return CLI_EXIT_INPUT;
  }
  *out = c;
  return CLI_EXIT_OK;
}

int load_bytecode(const char *name, const void *data, size_t size, sg_rulebook **out) {
  sg_error err;
  memset(&err, 0, sizeof err);
  err.offset = -1;
  *out = NULL;
  sg_status status = sg_rulebook_load(data, size, NULL, NULL, out, &err);
  if (status == SG_OK && *out != NULL) return CLI_EXIT_OK;
  if (status == SG_ERR_NOMEM) return oom_error(name);
  err.message[sizeof err.message - 1] = '\0';
  const char *why = err.message[0] != '\0' ? err.message : "rejected by the verifier";
  if (err.offset >= 0)
    fprintf(stderr, "%s: error: not a valid Signaal rulebook: %s (byte %ld)\n", name, why,
            err.offset);
  else
    fprintf(stderr, "%s: error: not a valid Signaal rulebook: %s\n", name, why);
  return CLI_EXIT_INPUT;
}

/* Whether `text` ends with `suffix`. */
static int ends_with(const char *text, const char *suffix) {
  size_t lt = strlen(text), ls = strlen(suffix);
  return lt >= ls && strcmp(text + lt - ls, suffix) == 0;
}

int load_read_bytecode(const char *path, size_t max_size, char **data, size_t *size) {
  return file_read_all(path, max_size, "for a rulebook (--max-rule-size)", data, size);
}

int load_rulebook(const char *path, size_t max_size, sg_rulebook **out, sgc_compiler **compiler) {
  *out = NULL;
  if (compiler != NULL) *compiler = NULL;
  if (ends_with(path, ".rules")) {
    sgc_compiler *c = NULL;
    int code = load_compile(&path, 1, 0, max_size, &c);
    if (code != CLI_EXIT_OK) return code;
    size_t size = 0;
    const uint8_t *image = sgc_image(c, &size);
    sg_error err;
    memset(&err, 0, sizeof err);
    sg_status status = sg_rulebook_load(image, size, NULL, NULL, out, &err);
    if (status == SG_OK && *out != NULL && compiler != NULL) {
      *compiler = c;
      return CLI_EXIT_OK;
    }
    sgc_free(c);
    if (status == SG_OK && *out != NULL) return CLI_EXIT_OK;
    if (status == SG_ERR_NOMEM) return oom_error(path);
    err.message[sizeof err.message - 1] = '\0';
    fprintf(stderr, "%s: error: internal error: the compiled rulebook does not verify: %s\n",
            path, err.message);
    return CLI_EXIT_INPUT;
  }
  size_t size = 0;
  char *data = NULL;
  int code = load_read_bytecode(path, max_size, &data, &size);
  if (code != CLI_EXIT_OK) return code;
  code = load_bytecode(strcmp(path, "-") == 0 ? FILEIO_STDIN_NAME : path, data, size, out);
  free(data);
  return code;
}
