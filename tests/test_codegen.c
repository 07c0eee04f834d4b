/* test_codegen.c — the code generator's output, pinned: the disassembly of
 * tests/golden/codegen.rules must equal tests/golden/codegen.disasm (accept a
 * deliberate change with `make golden-update FILE=tests/golden/codegen.disasm`,
 * which shows the diff; tests/README.md).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "signaal.h"
#include "testutil.h"

typedef struct {
  char *text;
  size_t len, cap;
} text_buf;

static void collect(void *userdata, const char *text, size_t len) {
  text_buf *b = userdata;
  if (b->len + len + 1 > b->cap) {
    b->cap = (b->len + len + 1) * 2;
    b->text = realloc(b->text, b->cap);
  }
  memcpy(b->text + b->len, text, len);
  b->len += len;
  b->text[b->len] = '\0';
}

/* The disassembly of what compiler `c` compiled without errors (a new
 * string; free it); frees `c`. */
static char *disassembly(sgc_compiler *c, int errors) {
  for (size_t i = 0; i < sgc_diagnostic_count(c); i++) fputs(sgc_diagnostic_at(c, i)->rendered, stderr);
  assert_int_equal(errors, 0);
  size_t size;
  const uint8_t *img = sgc_image(c, &size);
  sg_rulebook *rb;
  sg_error err;
  assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &rb, &err), SG_OK);
  text_buf out = { NULL, 0, 0 };
  sg_disassemble(rb, collect, &out);
  sg_rulebook_free(rb);
  sgc_free(c);
  return out.text;
}

static void test_golden_disassembly(void **state) {
  (void)state;
  const char *path = "tests/golden/codegen.rules";
  sgc_compiler *c = sgc_new();
  int errors = sgc_compile_files(c, &path, 1);
  char *text = disassembly(c, errors);
  assert_int_equal(tu_golden("codegen.disasm", text), 0);
  free(text);
}

/* A window's exception is written as its flags byte and disassembled after
 * its times, in the words of the language. */
static void test_window_exceptions(void **state) {
  (void)state;
  int errors = 0;
  sgc_compiler *c = tu_compile("w.rules",
      "rulebook \"W\" version \"1\" effective 2016-11-01 source \"s\"\n"
      "window a = weekdays 09:00 .. 17:00\n"
      "window b = weekdays 09:00 .. 17:00 except holidays\n"
      "window c = { mon, fri } 10:30 .. 12:30 except holidays and good friday\n", &errors);
  char *text = disassembly(c, errors);
  assert_non_null(strstr(text, "\nwindows 3\n"
                               "  0 a mon tue wed thu fri 09:00 .. 17:00\n"
                               "  1 b mon tue wed thu fri 09:00 .. 17:00 except holidays\n"
                               "  2 c mon fri 10:30 .. 12:30 except holidays and good friday\n"));
  free(text);
}

/* Every operand that refers to something is annotated with a name: an
 * anonymous { … } set reads "(list)", in the sets section and at each
 * INSET alike, and no comment is left empty. Checked on the bundled
 * rulebook, which has many set literals. */
static void test_every_reference_named(void **state) {
  (void)state;
  const char *path = "rules/uitbuiting.rules";
  sgc_compiler *c = sgc_new();
  int errors = sgc_compile_files(c, &path, 1);
  char *text = disassembly(c, errors);
  assert_non_null(text);
  size_t anonymous = 0, insets = 0, line_no = 0;
  for (char *line = text; *line != '\0';) {
    char *end = strchr(line, '\n');
    if (end != NULL) *end = '\0'; /* one line at a time */
    size_t len = strlen(line);
    line_no++;
    while (len > 0 && line[len - 1] == ' ') len--;
    if (len > 0 && line[len - 1] == ';')
      fail_msg("line %zu of the disassembly has an empty comment: %.*s", line_no, (int)len, line);
    if (len > 9 && strncmp(line + len - 9, " ; (list)", 9) == 0) insets++;
    else if (strstr(line, " (list) ") != NULL && strncmp(line, "  ", 2) == 0) anonymous++;
    if (end == NULL) break;
    line = end + 1;
  }
  assert_true(anonymous > 0);     /* set literals in the sets section … */
  assert_true(insets >= anonymous); /* … and each one read as (list) where it is used */
  free(text);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_golden_disassembly),
    cmocka_unit_test(test_window_exceptions),
    cmocka_unit_test(test_every_reference_named),
  };
  return cmocka_run_group_tests_name("codegen", tests, NULL, NULL);
}
