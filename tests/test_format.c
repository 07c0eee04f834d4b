/* test_format.c — the format's one description checked against itself and
 * against its documentation: every record of runtime/records.def has
 * contiguous fields that fill its size, every line of runtime/opcodes.def
 * has a size that matches its operands, and the tables in docs/bytecode.md
 * between the "records.def" markers are exactly what these tables say (on a
 * difference it prints a diff and leaves the generated text in a scratch
 * directory under /tmp).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "format.h"
#include "testutil.h"

/* Fields of each record are in offset order, touch, and fill the record. */
static void test_records_are_contiguous(void **state) {
  (void)state;
  int records = 0;
  for (int id = 1; id <= SG_SEC_COUNT; id++) {
    uint32_t size, first, count;
    const char *element;
    sgr_record_shape_of(id, &size, &first, &count, &element);
    int has_records = sgr_sections[id].layout == SG_LAYOUT_RECORDS || id == SG_SEC_META;
    assert_int_equal(size != 0, has_records);
    if (!size) continue;
    records++;
    uint32_t at = 0;
    for (uint32_t k = 0; k < count; k++) {
      const sg_field_info *f = &sgr_fields[first + k];
      if (f->offset != at)
        fail_msg("%s.%s starts at %u, the field before ends at %u", sgr_sections[id].name, f->name,
                 f->offset, at);
      uint32_t want = f->kind == SG_FK_U8 ? 1 : f->kind == SG_FK_U16 ? 2
                    : f->kind == SG_FK_RANGE || f->kind == SG_FK_BLOCK ||
                      f->kind == SG_FK_BLOCK_OPT || f->kind == SG_FK_CELLS ? 8
                    : f->kind == SG_FK_ZERO ? f->bytes : 4;
      if (f->bytes != want)
        fail_msg("%s.%s: %u bytes for its kind, not %u", sgr_sections[id].name, f->name, want,
                 f->bytes);
      at += f->bytes;
    }
    if (at != size) fail_msg("%s: fields fill %u of %u bytes", sgr_sections[id].name, at, size);
  }
  assert_int_equal(records, 17);  /* META and the sixteen record sections */
}

/* The encoder writes each field where the table says, little-endian. */
static void test_record_encoding(void **state) {
  (void)state;
  uint64_t v[SG_NFIELDS(RULES)];
  for (int k = 0; k < SG_NFIELDS(RULES); k++) v[k] = 0x0101010101010101ull * (uint64_t)(k + 1);
  uint8_t out[SG_RECSIZE_RULES];
  sgr_record_encode(SG_SEC_RULES, v, out);
  assert_int_equal(sg_rd32(out + 0), 0x01010101u);                 /* name */
  assert_int_equal(sg_rd32(out + 8), 0x03030303u);                 /* step */
  assert_true(sg_rd64(out + 28) == 0x0606060606060606ull);         /* actions */
  assert_int_equal(sg_rd32(out + 40), 0x08080808u);                /* flags */
  uint64_t w[SG_NFIELDS(FACTS)] = {1, 2, 3, 4, 0xFFFF, sg_pair(5, 6)};
  uint8_t fact[SG_RECSIZE_FACTS];
  sgr_record_encode(SG_SEC_FACTS, w, fact);
  assert_int_equal(fact[10], 0);  /* reserved: zero whatever the value */
  assert_int_equal(fact[11], 0);
  assert_int_equal(sg_rd32(fact + 12), 5);
  assert_int_equal(sg_rd32(fact + 16), 6);
}

/* Each opcode's size is its opcode byte plus its operands' widths, its
 * operand B starts after A, and its synopsis is not empty. */
static void test_opcode_table(void **state) {
  (void)state;
  for (int op = 0; op < SG_OP__COUNT; op++) {
    const sg_opcode_info *info = &sgr_opcode_table[op];
    int a = sgr_operand_table[info->a].bytes, b = sgr_operand_table[info->b].bytes;
    assert_int_equal(info->size, 1 + a + b);
    assert_int_equal(info->b_at, a);
    assert_true(info->synopsis[0] != '\0');
    assert_int_equal(info->pushes, info->out != SG_OUT_NONE);
  }
  assert_int_equal(sgr_opcode_table[SG_OP_ENUM].a, SG_OPND_FACT);
  assert_int_equal(sgr_opcode_table[SG_OP_ENUM].b, SG_OPND_VALUE);
  assert_int_equal(sgr_opcode_table[SG_OP_RANGE].pops, 3);
}

/* ---- The generated tables of docs/bytecode.md ---- */

typedef struct {
  char *text;
  size_t len, cap;
} text_buf;

static void tb_printf(text_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (b->len + (size_t)n + 1 > b->cap) {
    b->cap = (b->len + (size_t)n + 1) * 2;
    b->text = realloc(b->text, b->cap);
    assert_non_null(b->text);
  }
  va_start(ap, fmt);
  vsnprintf(b->text + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

static const char *target_name(int t) {
  return t == SG_TGT_FILES ? "META's file list" : sgr_sections[t].name;
}

/* How a field kind reads in the documentation. */
static void kind_text(text_buf *b, const sg_field_info *f) {
  switch (f->kind) {
  case SG_FK_STR: tb_printf(b, "str"); break;
  case SG_FK_U8: tb_printf(b, "u8"); break;
  case SG_FK_U16: tb_printf(b, "u16"); break;
  case SG_FK_U32: tb_printf(b, "u32"); break;
  case SG_FK_I32: tb_printf(b, "i32"); break;
  case SG_FK_ZERO: tb_printf(b, "zero"); break;
  case SG_FK_INDEX: tb_printf(b, "index into %s", target_name(f->target)); break;
  case SG_FK_INDEX_OPT: tb_printf(b, "index into %s, or none", target_name(f->target)); break;
  case SG_FK_RANGE:
    if (f->target == SG_TGT_NONE) tb_printf(b, "pool range");
    else tb_printf(b, "pool range of %s indices", target_name(f->target));
    break;
  case SG_FK_BLOCK: tb_printf(b, "code range"); break;
  case SG_FK_BLOCK_OPT: tb_printf(b, "code range, or none"); break;
  case SG_FK_CELLS: tb_printf(b, "table cells (u32 entry count, u32 pool first)"); break;
  }
}

/* The text docs/bytecode.md must hold between its markers. */
static char *render_docs(void) {
  static const char *const layouts[] = {"records", "one META record, then file names",
                                        "strings", "u32 words", "instructions"};
  text_buf b = {NULL, 0, 0};
  tb_printf(&b, "| id | section | payload | content |\n|---:|---|---|---|\n");
  for (int id = 1; id <= SG_SEC_COUNT; id++)
    tb_printf(&b, "| %d | %s | %s | %s |\n", id, sgr_sections[id].name,
              layouts[sgr_sections[id].layout], sgr_sections[id].meaning);
  for (int id = 1; id <= SG_SEC_COUNT; id++) {
    uint32_t size, first, count;
    const char *element;
    sgr_record_shape_of(id, &size, &first, &count, &element);
    if (!size) continue;
    tb_printf(&b, "\n**%s**: %s of %u bytes (one per %s)\n\n", sgr_sections[id].name,
              id == SG_SEC_META ? "a record" : "records", size, element);
    tb_printf(&b, "| offset | bytes | field | kind | meaning |\n|---:|---:|---|---|---|\n");
    for (uint32_t k = 0; k < count; k++) {
      const sg_field_info *f = &sgr_fields[first + k];
      tb_printf(&b, "| %u | %u | %s | ", f->offset, f->bytes, f->name);
      kind_text(&b, f);
      tb_printf(&b, " | %s |\n", f->meaning);
    }
  }
  return b.text;
}

static void test_docs_match_the_tables(void **state) {
  (void)state;
  static const char begin[] = "<!-- records.def: begin -->\n", end[] = "<!-- records.def: end -->";
  char *doc = tu_read_file("docs/bytecode.md", NULL);
  assert_non_null(doc);
  char *from = strstr(doc, begin), *to = from ? strstr(from, end) : NULL;
  if (!from || !to) fail_msg("docs/bytecode.md lacks the %s and %s markers", begin, end);
  from += strlen(begin);
  *to = '\0';
  char *want = render_docs();
  if (strcmp(from, want) != 0) {
    /* Show the difference, and keep the generated text (in a scratch
     * directory) for pasting between the markers. */
    char *dir = tu_make_dir();
    char *is = dir ? tu_put(dir, "docs.md", from) : NULL;
    char *should = dir ? tu_put(dir, "records.def.md", want) : NULL;
    if (is && should) tu_golden_diff(stderr, is, should, "generated from records.def", 80);
    fail_msg("docs/bytecode.md's record tables differ from runtime/records.def; the text "
             "the tables give is in %s", should ? should : "(no scratch directory)");
  }
  free(want);
  free(doc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_records_are_contiguous),
    cmocka_unit_test(test_record_encoding),
    cmocka_unit_test(test_opcode_table),
    cmocka_unit_test(test_docs_match_the_tables),
  };
  return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
