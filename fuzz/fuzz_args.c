/* fuzz_args.c — libFuzzer target for the argument parser (cli/args.c): the
 * input is a command line, one argument a line; the first names the
 * command (as main.c finds it; an input naming none is rejected), and the
 * whole line goes to args_parse as that command's argv. The commands are
 * never run: they read and write the files their arguments name, and a
 * fuzzed path may name any file.
 *
 * Checked, as cli.h promises: one of the exit codes it names; a command
 * line that parses has its operands (exactly one for a command that loads),
 * its required options, every text pointing into the arguments, a moment
 * and a date that format back to what parses, a format of the registry, and
 * nothing printed; --help prints the command's help (the same text every
 * time) and nothing else; a usage error is two lines on standard error,
 * "signaal CMD: error: …" and a "hint: …", and nothing on standard output.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_common.h"
#include "common.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The commands of main.c. */
static const cli_command *const fuzz_commands[] = {
  &command_compile, &command_eval, &command_test, &command_disasm, &command_schema,
  &command_interview, &command_info, &command_audit, &command_corpus, &command_diff,
};
#define FUZZ_COMMAND_COUNT (sizeof fuzz_commands / sizeof fuzz_commands[0])

/* Arguments at most (the rest of a longer input is left out). */
enum { FUZZ_ARGS_MAX = 64 };

/* Whether `p` points into one of the arguments (its NUL included). */
static int fuzz_in_args(const char *p, int argc, char **argv) {
  for (int i = 0; i < argc; i++)
    if (p >= argv[i] && p <= argv[i] + strlen(argv[i])) return 1;
  return 0;
}

/* The value of a text option `id` in *a; NULL when not given (or not one). */
static const char *fuzz_text_option(const cli_args *a, cli_option_id id) {
  switch (id) {
  case OPT_FACTS: return a->facts;
  case OPT_OUTPUT: return a->output;
  case OPT_SAVE: return a->save;
  case OPT_CASES: return a->cases;
  case OPT_ROLE: return a->role;
  case OPT_LOG: return a->log;
  case OPT_COUNT: return a->count;
  case OPT_SEED: return a->seed;
  default: return NULL;
  }
}

/* What a parsed command line holds (code CLI_EXIT_OK). */
static void fuzz_check_parsed(const cli_command *cmd, const cli_args *a, int argc, char **argv) {
  if (a->operand_count == 0 || (cmd->loads && a->operand_count != 1))
    fuzz_fail("a command line parsed with the wrong number of operands");
  for (size_t i = 0; i < a->operand_count; i++)
    if (!fuzz_in_args(a->operands[i], argc, argv) || a->operands[i] == argv[0])
      fuzz_fail("an operand that is not an argument");
  for (cli_option_id id = OPT_FACTS; id <= OPT_HELP; id++) {
    const char *text = fuzz_text_option(a, id);
    if (text != NULL && !fuzz_in_args(text, argc, argv)) fuzz_fail("an option's value that is not in the arguments");
  }
  for (const cli_use *use = cmd->options; use->id != 0; use++)
    if (use->missing != NULL && fuzz_text_option(a, use->id) == NULL)
      fuzz_fail("a required option is missing");
  char text[32];
  int64_t moment;
  int32_t day;
  if (a->now != NULL) {
    sg_format_datetime(a->moment, text);
    if (a->now != &a->moment || sg_parse_datetime(text, &moment) != 0 || moment != a->moment)
      fuzz_fail("--now holds a moment that does not format back");
  }
  if (a->asof != NULL) {
    sg_format_date(a->asof_day, text);
    if (a->asof != &a->asof_day || a->asof_count == 0 || sg_parse_date(text, &day) != 0 ||
        day != a->asof_day)
      fuzz_fail("--as-of holds a date that does not format back");
  }
  int listed = a->format == NULL;
  for (const report_format *f = report_formats; f->name != NULL; f++) listed |= a->format == f;
  if (!listed) fuzz_fail("a report format outside the registry");
}

/* The help of `cmd`, made once per command. */
static const char *fuzz_help(size_t index) {
  static char *helps[FUZZ_COMMAND_COUNT];
  if (helps[index] == NULL) {
    size_t len = 0;
    FILE *mem = open_memstream(&helps[index], &len);
    if (mem == NULL) fuzz_fail("open_memstream failed");
    usage_command(mem, fuzz_commands[index]);
    if (fclose(mem) != 0 || len == 0) fuzz_fail("a command's help is empty");
  }
  return helps[index];
}

/* What args_parse printed for its exit `code`. */
static void fuzz_check_printed(size_t index, int code, const fuzz_capture *cap) {
  const cli_command *cmd = fuzz_commands[index];
  if (code == CLI_EXIT_OK) {
    if (cap->out_len != 0 || cap->err_len != 0) fuzz_fail("a command line that parses printed something");
  } else if (code == ARGS_HELPED) {
    if (cap->err_len != 0 || strcmp(cap->out, fuzz_help(index)) != 0)
      fuzz_fail("--help printed something else than the command's help");
  } else if (code == CLI_EXIT_USAGE) {
    char head[64];
    snprintf(head, sizeof head, "signaal %s: error: ", cmd->name);
    const char *second = strchr(cap->err, '\n');
    if (cap->out_len != 0 || strncmp(cap->err, head, strlen(head)) != 0 || second == NULL ||
        strncmp(second + 1, "hint: ", 6) != 0 || strchr(second + 1, '\n') == NULL ||
        strchr(second + 1, '\n')[1] != '\0')
      fuzz_fail("a usage error that is not an error line and a hint line on standard error");
  } else if (code != CLI_EXIT_IO || strstr(cap->err, "out of memory") == NULL) {
    fuzz_fail("args_parse gave an exit code it does not promise");
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *argv[FUZZ_ARGS_MAX + 1];
  int argc = 0;
  for (size_t at = 0; at <= size && argc < FUZZ_ARGS_MAX;) {
    const uint8_t *end = at < size ? memchr(data + at, '\n', size - at) : NULL;
    size_t len = (end != NULL ? (size_t)(end - data) : size) - at;
    argv[argc] = malloc(len + 1);  /* each argument exactly, for ASan */
    if (argv[argc] == NULL) fuzz_fail("out of memory");
    memcpy(argv[argc], data + at, len);
    argv[argc++][len] = '\0';
    at += len + 1;
  }
  argv[argc] = NULL;
  size_t index = FUZZ_COMMAND_COUNT;
  for (size_t i = 0; i < FUZZ_COMMAND_COUNT; i++)
    if (strcmp(argv[0], fuzz_commands[i]->name) == 0) index = i;
  int result = -1;  /* no command: not worth keeping */
  if (index < FUZZ_COMMAND_COUNT) {
    const cli_command *cmd = fuzz_commands[index];
    (void)fuzz_help(index);  /* made before stdout is caught */
    cli_args args;
    fuzz_capture cap;
    fuzz_capture_begin(&cap);
    int code = args_parse(cmd, argc, argv, &args);
    fuzz_capture_end(&cap);
    fuzz_check_printed(index, code, &cap);
    if (code == CLI_EXIT_OK) fuzz_check_parsed(cmd, &args, argc, argv);
    args_free(&args);
    fuzz_capture_free(&cap);
    result = 0;
  }
  for (int i = 0; i < argc; i++) free(argv[i]);
  return result;
}
