/* opcodes.c — the descriptor tables of instructions and operand kinds,
 * expanded from opcodes.def. The verifier, the disassembler and the
 * compiler's code generator read them; the interpreter uses the per-opcode
 * constants of format.h instead, expanded from the same lines.
 */
#include "format.h"
#include "signaal.h"

/* types.def numbers the types as signaal.h does, and SG_TYPE_LAST is the last. */
#define TYPE(id, code, name, article, ordered, json) \
  _Static_assert((int)SG_##id == code, "types.def and sg_type disagree on " #id);
#include "types.def"
#undef TYPE
_Static_assert((int)SG_TYPE_LAST == (int)SG_COUNTRY, "SG_TYPE_LAST is not the last type");

/* Values each stack-input kind pops. */
enum {
  SG_POPS_NONE = 0, SG_POPS_ANY = 1, SG_POPS_BOOL = 1, SG_POPS_BOOL2 = 2, SG_POPS_SAME2 = 2,
  SG_POPS_ORDERED2 = 2, SG_POPS_ORDERED3 = 3, SG_POPS_MEMBER = 1, SG_POPS_KEY = 1,
  SG_POPS_TIME = 1, SG_POPS_DATETIME = 1, SG_POPS_RESULT = 1
};

const sg_opcode_info sgr_opcode_table[SG_OP__COUNT] = {
#define OP(name, a, b, in, out, synopsis)                                               \
  {#name, SG_OPND_##a, SG_OPND_##b, SG_IN_##in, SG_OUT_##out, SG_OPSIZE_##name,         \
   SG_OPB_AT_##name, SG_POPS_##in, SG_OUT_##out != SG_OUT_NONE, synopsis},
#include "opcodes.def"
#undef OP
};

const sg_operand_info sgr_operand_table[SG_OPND__COUNT] = {
#define OPERAND(kind, bytes, is_signed, target, meaning) \
  {#kind, bytes, is_signed, SG_TGT_##target, meaning},
#include "opcodes.def"
#undef OPERAND
};
