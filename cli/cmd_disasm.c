/* cmd_disasm.c — `signaal disasm`: print a rulebook's bytecode as text
 * (sg_disassemble), for review and for golden tests.
 */
#include "cli.h"
#include "fileio.h"
#include "load.h"

#include "signaal.h"

void usage_disasm(FILE *out) {
  fputs("Usage: signaal disasm RULEBOOK\n"
        "\n"
        "Print the contents of a rulebook: header, facts, tables, predicates, rules\n"
        "and their instructions with synopses. RULEBOOK is a .rbc file (verified\n"
        "first) or a .rules file, which is compiled in memory.\n"
        "\n"
        "Options:\n"
        "  -h, --help  show this help\n"
        "\n"
        "Examples:\n"
        "  signaal disasm build/uitbuiting.rbc\n"
        "  signaal disasm build/uitbuiting.rbc | less\n",
        out);
  usage_exit_codes(out);
}

enum { OPT_HELP = 1 };

static const cli_option disasm_options[] = {
  {"help", 'h', 0, OPT_HELP},
};

int cmd_disasm(int argc, char **argv) {
  const char *path = NULL;
  args_cursor cur;
  args_init(&cur, argc, argv, disasm_options, sizeof disasm_options / sizeof disasm_options[0]);
  const char *value;
  int id;
  while ((id = args_next(&cur, &value)) != ARGS_END) {
    switch (id) {
    case OPT_HELP: usage_disasm(stdout); return stdout_finish(CLI_EXIT_OK);
    case ARGS_OPERAND:
      if (path != NULL) return args_usage_error("disasm", "give exactly one RULEBOOK");
      path = value;
      break;
    default: return CLI_EXIT_USAGE;
    }
  }
  if (path == NULL) return args_usage_error("disasm", "missing RULEBOOK");
  sg_rulebook *rb = NULL;
  int code = load_rulebook(path, &rb);
  if (code != CLI_EXIT_OK) return code;
  sg_disassemble(rb, stdout_write, NULL);
  sg_rulebook_free(rb);
  return stdout_finish(CLI_EXIT_OK);
}
