/* format.h — the .rbc bytecode format (docs/bytecode.md) as C: header
 * constants, and everything expanded from the three one-description tables
 * (records.def: sections and record fields; types.def: value types;
 * opcodes.def: instructions and operand kinds), with the one operand decoder.
 * Shared by the runtime (reader, verifier, interpreter) and the compiler
 * (writer). Internal: not part of the public API.
 */
#ifndef SG_FORMAT_H
#define SG_FORMAT_H

#include <stdint.h>
#include <string.h>

#include "signaal.h" /* SG_BYTECODE_FORMAT_MAJOR, _MINOR */

#define SG_MAGIC "SGNL\r\n\x1a\n"
#define SG_MAGIC_SIZE 8
#define SG_FORMAT_MAJOR SG_BYTECODE_FORMAT_MAJOR
/* 1.1: ISTRUE ('established'), the WINDOWS flags (`except holidays`), the
 * optional section ASSUMPTIONS, the country type (7), its sets and the
 * COUNTRY instruction. 1.2: the optional sections ACTORS (`actor`, `by`)
 * and HOURS (`open`). 1.3: the optional sections VALIDITY (`from`,
 * `until`) and MANIFEST (each source file's SHA-256), and the ASOF
 * instruction. 1.4: the optional section CHECKED (`checked`). A reader reads its major's minors up to its own
 * (docs/bytecode.md, Header). */
#define SG_FORMAT_MINOR SG_BYTECODE_FORMAT_MINOR
/* A file that has HOURS says at least 1.2 (load.c): a 1.1 reader would skip
 * the section, a section id it does not know, and show no hours; the minor
 * makes it refuse the file instead. */
enum { SG_FORMAT_MINOR_HOURS = 2 };
/* The same for VALIDITY: a 1.2 reader would take a dated set element or
 * table entry as holding always. */
enum { SG_FORMAT_MINOR_VALIDITY = 3 };
/* The same for CHECKED: a 1.3 reader would show no check dates. The
 * compiler writes 1.4 only into a file that has CHECKED (gen.c), 1.3 else. */
enum { SG_FORMAT_MINOR_CHECKED = 4 };
/* The open ends of a VALIDITY record (its kinds: sg_dated_kind, signaal.h). */
#define SG_SINCE_ALWAYS INT32_MIN
#define SG_FOR_GOOD INT32_MAX
#define SG_HEADER_SIZE 64
#define SG_DIR_ENTRY_SIZE 12
#define SG_NONE 0xFFFFFFFFu

/* ---- Sections and records: expanded from records.def ------------------ */

/* Section ids, in file order; SG_SEC_COUNT is the last (ids are 1, 2, …). */
enum {
#define SECTION(id, number, layout, meaning) SG_SEC_##id = number,
#include "records.def"
#undef SECTION
  SG_SEC_COUNT = 0
#define SECTION(id, number, layout, meaning) + 1
#include "records.def"
#undef SECTION
};
/* The sections every file of this major has: those of 1.0. A section a
 * later minor added (ASSUMPTIONS, 1.1; ACTORS and HOURS, 1.2; VALIDITY and
 * MANIFEST, 1.3; CHECKED, 1.4) is optional: a file without it has no records of it. */
enum { SG_SEC_REQUIRED = SG_SEC_LINES };

/* Bits of the FACTS, RULES and WINDOWS flags fields. */
enum { SG_FACT_PROTECTED = 1u << 0, SG_FACT_OPTIONAL = 1u << 1 };
enum { SG_RULE_HAS_STEP = 1u << 0, SG_RULE_URGENT = 1u << 1 };
enum { SG_WINDOW_EXCEPT_HOLIDAYS = 1u << 0, SG_WINDOW_EXCEPT_GOOD_FRIDAY = 1u << 1 };

/* How a section's payload is laid out (records.def, SECTION). */
typedef enum {
  SG_LAYOUT_RECORDS, SG_LAYOUT_META, SG_LAYOUT_STRINGS, SG_LAYOUT_POOL, SG_LAYOUT_CODE
} sg_layout;

/* What a record field holds (records.def explains each kind). */
typedef enum {
  SG_FK_STR, SG_FK_U8, SG_FK_U16, SG_FK_U32, SG_FK_I32, SG_FK_ZERO, SG_FK_INDEX,
  SG_FK_INDEX_OPT, SG_FK_RANGE, SG_FK_BLOCK, SG_FK_BLOCK_OPT, SG_FK_CELLS
} sg_field_kind;

/* What an INDEX or RANGE field points into: a section, or META's file list. */
enum {
  SG_TGT_NONE = 0,
#define SECTION(id, number, layout, meaning) SG_TGT_##id = number,
#include "records.def"
#undef SECTION
  SG_TGT_FILES
};

/* Every field of every record, numbered in one sequence: the fields of
 * record R are SG_FLD_R__BEGIN .. SG_FLD_R__END - 1, in file order. */
enum {
#define RECORD(id, size, element) SG_FLD_##id##__BEGIN, SG_FLD_##id##__B = SG_FLD_##id##__BEGIN - 1,
#define FIELD(id, name, offset, bytes, kind, target, meaning) SG_FLD_##id##_##name,
#define END(id) SG_FLD_##id##__END, SG_FLD_##id##__E = SG_FLD_##id##__END - 1,
#include "records.def"
#undef RECORD
#undef FIELD
#undef END
  SG_FLD__COUNT
};
/* The number of fields of record `id`, and the position of field `name` in
 * it: the index into the value array a record is read into or written from. */
#define SG_NFIELDS(id) (SG_FLD_##id##__END - SG_FLD_##id##__BEGIN)
#define SG_F(id, name) (SG_FLD_##id##_##name - SG_FLD_##id##__BEGIN)

/* Record sizes, as constants. */
enum {
#define RECORD(id, size, element) SG_RECSIZE_##id = size,
#define FIELD(id, name, offset, bytes, kind, target, meaning)
#define END(id)
#include "records.def"
#undef RECORD
#undef FIELD
#undef END
};

/* Descriptors, expanded from records.def in records.c. */
typedef struct {
  const char *name;        /* "FACTS" */
  sg_layout layout;
  const char *meaning;
} sg_section_info;

typedef struct {
  const char *name;        /* "question" */
  uint32_t offset, bytes;
  sg_field_kind kind;
  int target;              /* SG_TGT_* */
  const char *meaning;
} sg_field_info;

extern const sg_section_info sgr_sections[SG_SEC_COUNT + 1];  /* [0]: none */
extern const sg_field_info sgr_fields[SG_FLD__COUNT];

/* The records of section `id`: their size (0: the section has none), their
 * fields (sgr_fields[first .. first + count - 1]) and the noun of one
 * record ("fact"). */
void sgr_record_shape_of(int id, uint32_t *size, uint32_t *first, uint32_t *count,
                         const char **element);
/* The noun of one element of target `t` (SG_TGT_*), for messages: "fact",
 * "string", "file". */
const char *sgr_target_noun(int t);
/* Encode a record of section `id` from one value per field (see SG_F; a
 * RANGE, BLOCK or CELLS value is sg_pair(lo, hi)) into `out`, which holds
 * the record's size; reserved fields are written as zero. */
void sgr_record_encode(int id, const uint64_t *values, uint8_t *out);

/* The two halves of a RANGE, BLOCK or CELLS value: first/offset/count in
 * the low word, count/length/first in the high word, as in the file. */
static inline uint64_t sg_pair(uint32_t lo, uint32_t hi) {
  return (uint64_t)lo | (uint64_t)hi << 32;
}
static inline uint32_t sg_lo(uint64_t v) { return (uint32_t)v; }
static inline uint32_t sg_hi(uint64_t v) { return (uint32_t)(v >> 32); }

/* ---- Value types: expanded from types.def --------------------------------- */

/* The type codes of types.def must be those of signaal.h's sg_type; the
 * asserts live in opcodes.c, which sees both. */
enum {
#define TYPE(id, code, name, article, ordered, json) SG_TYPE_CODE_##id = code,
#include "types.def"
#undef TYPE
  SG_TYPE_LAST = 7
};

/* Name ("datetime") and article ("a") of type code `t`; "?" and "a" for a
 * code no type has. */
static inline const char *sgr_type_name(unsigned t) {
  switch (t) {
#define TYPE(id, code, name, article, ordered, json) case code: return name;
#include "types.def"
#undef TYPE
  default: return "?";
  }
}
static inline const char *sgr_type_article(unsigned t) {
  switch (t) {
#define TYPE(id, code, name, article, ordered, json) case code: return article;
#include "types.def"
#undef TYPE
  default: return "a";
  }
}
/* 1 when <, <=, >, >= and ranges apply to values of type code `t`. */
static inline int sgr_type_ordered(unsigned t) {
  switch (t) {
#define TYPE(id, code, name, article, ordered, json) case code: return ordered;
#include "types.def"
#undef TYPE
  default: return 0;
  }
}

/* ---- Instructions: expanded from opcodes.def ---------------------------- */

/* What an operand refers to (opcodes.def, OPERAND). */
typedef enum {
#define OPERAND(kind, bytes, is_signed, target, meaning) SG_OPND_##kind,
#include "opcodes.def"
#undef OPERAND
  SG_OPND__COUNT
} sg_operand_kind;

/* Bytes of each operand kind, as constants for the per-opcode sizes. */
enum {
#define OPERAND(kind, bytes, is_signed, target, meaning) SG_OPND_BYTES_##kind = bytes,
#include "opcodes.def"
#undef OPERAND
};

/* What an instruction pops (with the types the verifier demands) and what
 * it pushes; opcodes.def explains each kind. */
typedef enum {
  SG_IN_NONE, SG_IN_ANY, SG_IN_BOOL, SG_IN_BOOL2, SG_IN_SAME2, SG_IN_ORDERED2,
  SG_IN_ORDERED3, SG_IN_MEMBER, SG_IN_KEY, SG_IN_TIME, SG_IN_DATETIME, SG_IN_RESULT
} sg_stack_in;
typedef enum {
  SG_OUT_NONE, SG_OUT_KEEP, SG_OUT_BOOL, SG_OUT_INT, SG_OUT_TEXT, SG_OUT_DATE,
  SG_OUT_DATETIME, SG_OUT_ENUM_A, SG_OUT_FACT_A, SG_OUT_COUNTRY
} sg_stack_out;

/* The opcodes, numbered by their position in opcodes.def. */
typedef enum {
#define OP(name, a, b, in, out, synopsis) SG_OP_##name,
#include "opcodes.def"
#undef OP
  SG_OP__COUNT
} sg_opcode;

/* Per opcode, as compile-time constants: the kinds of operands A and B, the
 * byte offset of B, and the instruction's size (opcode byte included). The
 * interpreter reads operands through these, the verifier through the
 * descriptor table below: both expand the same lines. */
enum {
#define OP(name, a, b, in, out, synopsis)                                      \
  SG_OPA_##name = SG_OPND_##a, SG_OPB_##name = SG_OPND_##b,                    \
  SG_OPB_AT_##name = SG_OPND_BYTES_##a,                                        \
  SG_OPSIZE_##name = 1 + SG_OPND_BYTES_##a + SG_OPND_BYTES_##b,
#include "opcodes.def"
#undef OP
};

/* The invariants every line of opcodes.def keeps (see there): a JUMP is
 * operand A of a conditional jump that keeps its bool; a VALUE and the
 * outputs that name fact A follow a FACT in A. */
#define OP(name, a, b, in, out, synopsis)                                                   \
  _Static_assert(SG_OPND_##a != SG_OPND_JUMP ||                                             \
                     (SG_IN_##in == SG_IN_BOOL && SG_OUT_##out == SG_OUT_KEEP),             \
                 #name ": a jump must be conditional and keep its operand");                \
  _Static_assert(SG_OUT_##out != SG_OUT_KEEP || SG_OPND_##a == SG_OPND_JUMP,                \
                 #name ": only a jump keeps its operand");                                  \
  _Static_assert(SG_OPND_##b != SG_OPND_JUMP && SG_OPND_##a != SG_OPND_VALUE,               \
                 #name ": a jump is operand A, a value operand B");                         \
  _Static_assert(SG_OPND_##b != SG_OPND_VALUE || SG_OPND_##a == SG_OPND_FACT,               \
                 #name ": a value operand needs a fact in A");                              \
  _Static_assert((SG_OUT_##out != SG_OUT_ENUM_A && SG_OUT_##out != SG_OUT_FACT_A) ||        \
                     SG_OPND_##a == SG_OPND_FACT,                                           \
                 #name ": the output names fact A");                                        \
  _Static_assert(SG_IN_##in != SG_IN_MEMBER || SG_OPND_##a == SG_OPND_SET,                  \
                 #name ": MEMBER pops an element of set A");
#include "opcodes.def"
#undef OP

/* One descriptor per opcode, expanded from opcodes.def in opcodes.c. */
typedef struct {
  const char *name;
  sg_operand_kind a, b;
  sg_stack_in in;
  sg_stack_out out;
  int size;   /* whole instruction in bytes, opcode included */
  int b_at;   /* offset of operand B after the opcode byte */
  int pops, pushes;
  const char *synopsis;
} sg_opcode_info;

extern const sg_opcode_info sgr_opcode_table[SG_OP__COUNT];

/* One descriptor per operand kind: size, signedness, the section an index
 * operand points into (SG_TGT_NONE for constants, counts, jumps, values),
 * the meaning. */
typedef struct {
  const char *kind;
  int bytes, is_signed;
  int target;
  const char *meaning;
} sg_operand_info;

extern const sg_operand_info sgr_operand_table[SG_OPND__COUNT];

/* Little-endian access, independent of the host's byte order. */
static inline uint16_t sg_rd16(const uint8_t *p) {
  return (uint16_t)(p[0] | (p[1] << 8));
}
static inline uint32_t sg_rd32(const uint8_t *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
         ((uint32_t)p[3] << 24);
}
static inline uint64_t sg_rd64(const uint8_t *p) {
  return (uint64_t)sg_rd32(p) | ((uint64_t)sg_rd32(p + 4) << 32);
}
static inline void sg_wr16(uint8_t *p, uint16_t v) {
  p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8);
}
static inline void sg_wr32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8);
  p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}
static inline void sg_wr64(uint8_t *p, uint64_t v) {
  sg_wr32(p, (uint32_t)v); sg_wr32(p + 4, (uint32_t)(v >> 32));
}

/* Operand `kind` of an instruction, read at `p` (the operand's first
 * byte): the one decoder of operands. The interpreter calls it with a
 * constant kind (folded to a single load), the verifier, disassembler and
 * tests with the descriptor's kind. NONE reads nothing and gives 0. */
static inline int64_t sg_operand(int kind, const uint8_t *p) {
  switch (kind) {
#define OPERAND(k, bytes, is_signed, target, meaning)                                 \
  case SG_OPND_##k:                                                                 \
    return bytes == 0 ? 0                                                           \
         : bytes == 2 ? (int64_t)sg_rd16(p)                                         \
         : bytes == 4 ? (is_signed ? (int64_t)(int32_t)sg_rd32(p) : (int64_t)sg_rd32(p)) \
                      : (int64_t)sg_rd64(p);
#include "opcodes.def"
#undef OPERAND
  default: return 0;
  }
}

/* Write operand `kind` with value `v` at `p` (the writer's twin of
 * sg_operand); returns the bytes written. */
static inline int sg_operand_write(int kind, uint8_t *p, int64_t v) {
  switch (kind) {
#define OPERAND(k, bytes, is_signed, target, meaning)                                 \
  case SG_OPND_##k:                                                                 \
    if (bytes == 2) sg_wr16(p, (uint16_t)v);                                        \
    else if (bytes == 4) sg_wr32(p, (uint32_t)v);                                   \
    else if (bytes == 8) sg_wr64(p, (uint64_t)v);                                   \
    return bytes;
#include "opcodes.def"
#undef OPERAND
  default: return 0;
  }
}

/* CRC-32 (IEEE) and SHA-256, libc-only implementations in the runtime. */
uint32_t sgr_crc32(uint32_t crc, const void *data, size_t len);

typedef struct {
  uint32_t state[8];
  uint64_t length;
  uint8_t block[64];
  size_t fill;
} sgr_sha256;
void sgr_sha256_init(sgr_sha256 *h);
void sgr_sha256_update(sgr_sha256 *h, const void *data, size_t len);
void sgr_sha256_final(sgr_sha256 *h, uint8_t out[32]);

#endif
