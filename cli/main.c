/* main.c — the `signaal` command: global options (--help, --version), the
 * `help` command, and dispatch to the subcommands in cmd_*.c.
 */
#include "cli.h"
#include "fileio.h"
#include "suggest.h"

#include <stdio.h>
#include <string.h>

#include "signaal.h"
#include "util.h"

static const cli_command commands[] = {
  {"compile", "compile .rules sources into a bytecode rulebook (.rbc)", cmd_compile, usage_compile},
  {"eval", "evaluate a case file against a rulebook and print the advice", cmd_eval, usage_eval},
  {"test", "run the examples written in a rulebook's sources", cmd_test, usage_test},
  {"disasm", "print a rulebook's bytecode as text", cmd_disasm, usage_disasm},
  {"schema", "print the JSON Schema of a rulebook's case files", cmd_schema, usage_schema},
  {"interview", "ask for a case's unknown facts, in Dutch, then print the advice", cmd_interview, usage_interview},
};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

void usage_exit_codes(FILE *out) {
  fputs("\n"
        "Exit codes:\n"
        "  0  success\n"
        "  1  the input is wrong: rule errors, a bad case file, bad bytecode,\n"
        "     failing examples\n"
        "  2  usage error: unknown command or option, missing argument\n"
        "  3  I/O error: a file cannot be read or written (or out of memory)\n",
        out);
}

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
    fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
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

static const char *command_name_at(const void *data, size_t i) {
  return ((const cli_command *)data)[i].name;
}

static const cli_command *find_command(const char *name) {
  for (size_t i = 0; i < COMMAND_COUNT; i++)
    if (strcmp(commands[i].name, name) == 0) return &commands[i];
  return NULL;
}

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
  cmd->usage(stdout);
  return stdout_finish(CLI_EXIT_OK);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs("Usage: signaal COMMAND [OPTIONS] [ARGUMENTS]\n"
          "signaal: error: missing COMMAND (compile, eval, test, interview, disasm, schema or help)\n"
          "hint: run 'signaal --help' for the commands\n",
          stderr);
    return CLI_EXIT_USAGE;
  }
  const char *first = argv[1];
  if (strcmp(first, "--help") == 0 || strcmp(first, "-h") == 0) {
    usage_main(stdout);
    return stdout_finish(CLI_EXIT_OK);
  }
  if (strcmp(first, "--version") == 0 || strcmp(first, "-V") == 0) {
    printf("signaal %s\n", SG_VERSION);
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
  return cmd->run(argc - 1, argv + 1);
}
