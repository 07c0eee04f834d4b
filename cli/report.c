/* report.c — the registry of report formats (name, help line, writer) and
 * the small helpers of report.h: hashes in hex, "" for a NULL string.
 */
#include "report.h"
#include "report_model.h"

#include <stdlib.h>
#include <string.h>

const report_format report_formats[] = {
  {"text", "the Dutch text report (the default)", 0, render_text},
  {"json", "one JSON object; every item carries its explanation", 1, render_json},
  {"md", "Markdown, with the reasoning and the reading list", 1, render_markdown},
  {"html", "one self-contained HTML page, printable (A4)", 1, render_html},
  {NULL, NULL, 0, NULL},
};

const report_format *report_format_find(const char *name) {
  for (size_t i = 0; name != NULL && report_formats[i].name != NULL; i++)
    if (strcmp(name, report_formats[i].name) == 0) return &report_formats[i];
  return NULL;
}

void report_hex(const uint8_t *hash, char out[65]) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < 32; i++) {
    out[2 * i] = hash != NULL ? digits[hash[i] >> 4] : '0';
    out[2 * i + 1] = hash != NULL ? digits[hash[i] & 15] : '0';
  }
  out[64] = '\0';
}

const char *report_str(const char *text) {
  return text != NULL ? text : "";
}

