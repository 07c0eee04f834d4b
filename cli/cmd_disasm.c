/* cmd_disasm.c — `signaal disasm`: print a rulebook's bytecode as text
 * (sg_disassemble), for review and for golden tests.
 */
#include "cli.h"
#include "fileio.h"

#include "signaal.h"

/* Print the rulebook's disassembly; returns the exit code. */
static int run_disasm(const cli_args *args) {
  sg_disassemble(args->rulebook, file_write, stdout);
  return CLI_EXIT_OK;
}

const cli_command command_disasm = {
  .name = "disasm", .operand = "RULEBOOK", .loads = 1, .run = run_disasm,
  .summary = "print a rulebook's bytecode as text",
  .options = (const cli_use[]){{OPT_MAX_RULE_SIZE, NULL, NULL}, {0, NULL, NULL}},
  .about =
    "Print the contents of a rulebook: header, facts, tables, predicates, rules\n"
    "and their instructions with synopses. RULEBOOK is a .rbc file (verified\n"
    "first) or a .rules file, which is compiled in memory.\n",
  .examples =
    "  signaal disasm build/uitbuiting.rbc\n"
    "  signaal disasm build/uitbuiting.rbc | less\n",
};
