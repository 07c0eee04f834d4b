/* opcodes.c — the opcode descriptor table, expanded from opcodes.def. The
 * verifier, interpreter, disassembler and the compiler's code generator all
 * read instruction sizes and names from here.
 */
#include "format.h"

/* Bytes of each operand format, opcode byte excluded. */
enum {
  OPND_BYTES_NONE = 0,
  OPND_BYTES_I32 = 4,
  OPND_BYTES_I64 = 8,
  OPND_BYTES_U16 = 2,
  OPND_BYTES_U16U16 = 4,
  OPND_BYTES_U32 = 4
};

const sg_opcode_info sg_opcode_table[SG_OP__COUNT] = {
#define OP(name, operands, pops, pushes, synopsis) \
  {#name, SG_OPND_##operands, 1 + OPND_BYTES_##operands, pops, pushes, synopsis},
#include "opcodes.def"
#undef OP
};
