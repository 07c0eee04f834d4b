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

int cmd_disasm(int argc, char **argv) {
  const char *path;
  int code = args_one_rulebook(argc, argv, "disasm", usage_disasm, &path);
  if (code != CLI_EXIT_OK) return code == ARGS_HELPED ? stdout_finish(CLI_EXIT_OK) : code;
  sg_rulebook *rb = NULL;
  code = load_rulebook(path, &rb);
  if (code != CLI_EXIT_OK) return code;
  sg_disassemble(rb, stdout_write, NULL);
  sg_rulebook_free(rb);
  return stdout_finish(CLI_EXIT_OK);
}
