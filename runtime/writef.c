/* writef.c — formatted output through an sg_write_fn, for the runtime's
 * text writers (the disassembler, the C emitter): short pieces only
 * (numbers, fixed words, names), texts go to the writer whole.
 */
#include <stdio.h>

#include "internal.h"

void sgr_vwritef(sg_write_fn write, void *userdata, const char *fmt, va_list ap) {
  char buf[1024];
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  if (n < 0) return;
  write(userdata, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}
