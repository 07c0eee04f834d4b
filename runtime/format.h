/* format.h — constants of the .rbc bytecode format (docs/bytecode.md) and the
 * opcode enum, shared by the runtime (reader, verifier, interpreter) and the
 * compiler (writer). Internal: not part of the public API.
 */
#ifndef SG_FORMAT_H
#define SG_FORMAT_H

#include <stdint.h>
#include <string.h>

#define SG_MAGIC "SGNL\r\n\x1a\n"
#define SG_MAGIC_SIZE 8
#define SG_FORMAT_MAJOR 1
#define SG_FORMAT_MINOR 0
#define SG_HEADER_SIZE 64
#define SG_DIR_ENTRY_SIZE 12
#define SG_NONE 0xFFFFFFFFu

/* Section ids, in file order. */
enum {
  SG_SEC_STRINGS = 1,
  SG_SEC_META,
  SG_SEC_POOL,
  SG_SEC_FACTS,
  SG_SEC_SETS,
  SG_SEC_TABLES,
  SG_SEC_WINDOWS,
  SG_SEC_GROUPS,
  SG_SEC_PREDS,
  SG_SEC_RULES,
  SG_SEC_ACTIONS,
  SG_SEC_JUSTIFY,
  SG_SEC_CODE,
  SG_SEC_LINES,
  SG_SEC_COUNT = SG_SEC_LINES
};

/* Record sizes of the fixed-size record sections. */
#define SG_FACT_SIZE 20
#define SG_SET_SIZE 20
#define SG_TABLE_SIZE 20
#define SG_WINDOW_SIZE 12
#define SG_GROUP_SIZE 16
#define SG_PRED_SIZE 28
#define SG_RULE_SIZE 44
#define SG_ACTION_SIZE 20
#define SG_JUSTIFY_SIZE 16
#define SG_LINE_SIZE 16

/* Operand formats of opcodes.def. */
typedef enum {
  SG_OPND_NONE, SG_OPND_I32, SG_OPND_I64, SG_OPND_U16, SG_OPND_U16U16, SG_OPND_U32
} sg_operand_format;

/* The opcodes, numbered by their position in opcodes.def. */
typedef enum {
#define OP(name, operands, pops, pushes, synopsis) SG_OP_##name,
#include "opcodes.def"
#undef OP
  SG_OP__COUNT
} sg_opcode;

/* One descriptor per opcode, expanded from opcodes.def in opcodes.c. */
typedef struct {
  const char *name;
  sg_operand_format operands;
  int size;   /* whole instruction in bytes, opcode included */
  int pops, pushes;
  const char *synopsis;
} sg_opcode_info;

extern const sg_opcode_info sg_opcode_table[SG_OP__COUNT];

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

/* CRC-32 (IEEE) and SHA-256, libc-only implementations in the runtime. */
uint32_t sg_crc32(uint32_t crc, const void *data, size_t len);

typedef struct {
  uint32_t state[8];
  uint64_t length;
  uint8_t block[64];
  size_t fill;
} sg_sha256;
void sg_sha256_init(sg_sha256 *h);
void sg_sha256_update(sg_sha256 *h, const void *data, size_t len);
void sg_sha256_final(sg_sha256 *h, uint8_t out[32]);

#endif
