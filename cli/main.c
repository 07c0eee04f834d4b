/* main.c — the `signaal` command: global options (--help, --version), the
 * `help` command, and running a command of cmd_*.c: its command line parsed
 * (args.c), its rulebook loaded when it takes one, its run.
 */
#include "cli.h"
#include "fileio.h"
#include "lang.h"
#include "load.h"
#include "suggest.h"

#include "oom.h"

#include <stdio.h>
#include <string.h>

#include "signaal.h"
#include "util.h"

static const cli_command *const commands[] = {
  &command_compile, &command_eval, &command_test, &command_disasm, &command_schema,
  &command_interview, &command_info, &command_audit, &command_corpus,
  &command_diff, &command_check, &command_graph, &command_fmt, &command_doc, &command_serve,
};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

/* The overview: the commands and the global options. */
static void usage_main(FILE *out) {
  fputs("Usage: signaal COMMAND [OPTIONS] [ARGUMENTS]\n"
        "       signaal --help | --version | help COMMAND\n"
        "\n"
        "Signaal applies the Dutch protocol for suspected criminal exploitation of\n"
        "minors as a rulebook: it compiles the rules, evaluates a case and reports\n"
        "recommendations, attention points, contacts and what is still unknown.\n"
        "\n"
        "Commands:\n",
        out);
  for (size_t i = 0; i < COMMAND_COUNT; i++)
    fprintf(out, "  %-9s %s\n", commands[i]->name, commands[i]->summary);
  fputs("  help      show the help of a command\n"
        "\n"
        "Options:\n"
        "  -h, --help     show this help\n"
        "  -V, --version  show the version\n"
        "\n"
        "Examples:\n"
        "  signaal compile rules/uitbuiting.rules -o build/uitbuiting.rbc\n"
        "  signaal eval build/uitbuiting.rbc --facts zaak.json --now 2016-11-08T12:00\n"
        "  signaal test rules/uitbuiting.rules\n"
        "  signaal help eval\n",
        out);
  usage_exit_codes(out);
}

/* The name of command i, for suggest_closest. */
static const char *command_name_at(const void *data, size_t i) {
  return ((const cli_command *const *)data)[i]->name;
}

/* The command called `name`, or NULL. */
static const cli_command *find_command(const char *name) {
  for (size_t i = 0; i < COMMAND_COUNT; i++)
    if (strcmp(commands[i]->name, name) == 0) return commands[i];
  return NULL;
}

/* Run a parsed command: its check, its rulebook loaded (when it loads
 * one), the command itself. Returns the exit code. */
static int run_parsed(const cli_command *cmd, cli_args *args) {
  int code = cmd->check != NULL ? cmd->check(args) : CLI_EXIT_OK;
  if (code == CLI_EXIT_OK && args->max_errors != NULL) {
    char *end;
    long n = strtol(args->max_errors, &end, 10);
    if (end == args->max_errors || *end != '\0' || n < 0 || n > 1000000)
      code = args_usage_error(cmd->name, "--max-errors expects a number, 0 (all) to 1000000");
    else
      load_set_max_errors((int)n);
  }
  sg_rulebook *rb = NULL;
  sgc_compiler *c = NULL;
  if (code == CLI_EXIT_OK && cmd->loads) code = load_rulebook(args->operands[0], args->max_rule_size, &rb, &c);
  args->rulebook = rb;
  args->compiler = c;
  if (code == CLI_EXIT_OK) code = cmd->run(args);
  sg_rulebook_free(rb);
  sgc_free(c);
  return code;
}

/* Parse the command line of `cmd` and run it; returns the exit code. A
 * command with exit codes of its own (diff) gets its error code for a bad
 * command line and for standard output that could not be written. */
static int run_command(const cli_command *cmd, int argc, char **argv) {
  cli_args args;
  int code = args_parse(cmd, argc, argv, &args);
  if (code == CLI_EXIT_OK && lang_setup(args.lang) != 0)
    code = args_usage_error(cmd->name, "--lang expects 'nl' (Dutch) or 'en' (English)");
  if (code == CLI_EXIT_OK) code = run_parsed(cmd, &args);
  else if (code == ARGS_HELPED) code = CLI_EXIT_OK;
  else if (cmd->error_exit != 0) code = cmd->error_exit;
  args_free(&args);
  int finished = stdout_finish(code);
  return finished != code && cmd->error_exit != 0 ? cmd->error_exit : finished;
}

/* "unknown command" with a "did you mean"; exit 2. */
static int unknown_command(const char *name) {
  fprintf(stderr, "signaal: error: unknown command '%s'\n", name);
  const char *suggestion = suggest_closest(name, command_name_at, commands, COMMAND_COUNT);
  if (suggestion == NULL && strcmp(name, "help") != 0)
    suggestion = sgr_edit_distance(name, "help", SUGGEST_MAX_DISTANCE) <= SUGGEST_MAX_DISTANCE
                     ? "help" : NULL;
  if (suggestion != NULL)
    fprintf(stderr, "hint: did you mean 'signaal %s'? Run 'signaal --help' for the commands\n",
            suggestion);
  else
    fputs("hint: run 'signaal --help' for the commands\n", stderr);
  return CLI_EXIT_USAGE;
}

/* `signaal help [COMMAND]`. */
static int help_command(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    usage_main(stdout);
    return stdout_finish(CLI_EXIT_OK);
  }
  if (argc > 2) {
    fputs("signaal help: error: give one COMMAND\n"
          "hint: run 'signaal --help' for the commands\n",
          stderr);
    return CLI_EXIT_USAGE;
  }
  if (strcmp(argv[1], "help") == 0) {
    usage_main(stdout);
    return stdout_finish(CLI_EXIT_OK);
  }
  const cli_command *cmd = find_command(argv[1]);
  if (cmd == NULL) return unknown_command(argv[1]);
  usage_command(stdout, cmd);
  return stdout_finish(CLI_EXIT_OK);
}

int main(int argc, char **argv) {
  oom_json_setup(); /* before jansson allocates anything */
  if (argc < 2) {
    fputs("Usage: signaal COMMAND [OPTIONS] [ARGUMENTS]\nsignaal: error: missing COMMAND (", stderr);
    for (size_t i = 0; i < COMMAND_COUNT; i++) fprintf(stderr, "%s, ", commands[i]->name);
    fputs("help)\nhint: run 'signaal --help' for the commands\n", stderr);
    return CLI_EXIT_USAGE;
  }
  const char *first = argv[1];
  if (strcmp(first, "--help") == 0 || strcmp(first, "-h") == 0) {
    usage_main(stdout);
    return stdout_finish(CLI_EXIT_OK);
  }
  if (strcmp(first, "--version") == 0 || strcmp(first, "-V") == 0) {
    printf("signaal %s (library %s, bytecode format %d.%d)\n", SG_VERSION, sg_version(),
           SG_BYTECODE_FORMAT_MAJOR, SG_BYTECODE_FORMAT_MINOR);
    return stdout_finish(CLI_EXIT_OK);
  }
  if (strcmp(first, "help") == 0) return help_command(argc - 1, argv + 1);
  if (first[0] == '-') {
    fprintf(stderr, "signaal: error: unknown option '%s'\n", first);
    fputs("hint: options go after the command; run 'signaal --help'\n", stderr);
    return CLI_EXIT_USAGE;
  }
  const cli_command *cmd = find_command(first);
  if (cmd == NULL) return unknown_command(first);
  return run_command(cmd, argc - 1, argv + 1);
}
