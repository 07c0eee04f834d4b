/* records.c — the descriptor tables of sections and record fields, expanded
 * from records.def: the decoder reads and checks every record through them,
 * the writers (compiler/gen.c, tests/imagebuild.h) encode records through
 * sgr_record_encode, and the disassembler and messages take section names
 * from them.
 */
#include <string.h>

#include "format.h"

const sg_section_info sgr_sections[SG_SEC_COUNT + 1] = {
  [0] = {"?", SG_LAYOUT_RECORDS, ""},
#define SECTION(id, number, layout, meaning) [SG_SEC_##id] = {#id, SG_LAYOUT_##layout, meaning},
#include "records.def"
#undef SECTION
};

const sg_field_info sgr_fields[SG_FLD__COUNT] = {
#define RECORD(id, size, element)
#define FIELD(id, name, offset, bytes, kind, target, meaning) \
  [SG_FLD_##id##_##name] = {#name, offset, bytes, SG_FK_##kind, SG_TGT_##target, meaning},
#define END(id)
#include "records.def"
#undef RECORD
#undef FIELD
#undef END
};

/* Record size, fields and element noun of each section with records. */
static const struct {
  uint32_t size, first, count;
  const char *element;
} sgr_record_shape[SG_SEC_COUNT + 1] = {
#define RECORD(id, size, element)                                                        \
  [SG_SEC_##id] = {size, SG_FLD_##id##__BEGIN, SG_FLD_##id##__END - SG_FLD_##id##__BEGIN, \
                   element},
#define FIELD(id, name, offset, bytes, kind, target, meaning)
#define END(id)
#include "records.def"
#undef RECORD
#undef FIELD
#undef END
};

/* The shape of section `id`'s records (size 0: it has none). */
void sgr_record_shape_of(int id, uint32_t *size, uint32_t *first, uint32_t *count,
                         const char **element) {
  *size = sgr_record_shape[id].size;
  *first = sgr_record_shape[id].first;
  *count = sgr_record_shape[id].count;
  *element = sgr_record_shape[id].element ? sgr_record_shape[id].element : "";
}

const char *sgr_target_noun(int t) {
  if (t == SG_TGT_FILES) return "file";
  if (t == SG_TGT_STRINGS) return "string";
  return t > 0 && t <= SG_SEC_COUNT && sgr_record_shape[t].element ? sgr_record_shape[t].element
                                                                    : "?";
}

/* Encode one record of section `id` from `values` (one per field, in
 * records.def order; see SG_F) into `out` (the record's size): each field
 * little-endian in its width, reserved fields zero. */
void sgr_record_encode(int id, const uint64_t *values, uint8_t *out) {
  uint32_t size, first, count;
  const char *element;
  sgr_record_shape_of(id, &size, &first, &count, &element);
  memset(out, 0, size);
  for (uint32_t k = 0; k < count; k++) {
    const sg_field_info *f = &sgr_fields[first + k];
    uint8_t *p = out + f->offset;
    if (f->kind == SG_FK_ZERO) continue;
    switch (f->bytes) {
    case 1: p[0] = (uint8_t)values[k]; break;
    case 2: sg_wr16(p, (uint16_t)values[k]); break;
    case 4: sg_wr32(p, (uint32_t)values[k]); break;
    default: sg_wr64(p, values[k]); break;
    }
  }
}
