/* report.c — the registry of report formats (name, writer, help), and
 * small helpers the report shares: hashes in hex, waiting sets, titles and
 * Dutch words.
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

size_t *report_waiting(sg_context *ctx, size_t rule, size_t *count) {
  *count = 0;
  size_t n = sg_rule_waiting(ctx, rule, NULL, 0);
  if (n == 0) return NULL;
  size_t *slots = calloc(n, sizeof *slots);
  if (slots == NULL) {
    *count = (size_t)-1;
    return NULL;
  }
  size_t again = sg_rule_waiting(ctx, rule, slots, n);
  *count = again < n ? again : n;
  return slots;
}

const char *report_str(const char *text) {
  return text != NULL ? text : "";
}

const char *report_pred_title(const sg_rulebook *rb, size_t pred) {
  const char *label = report_str(sg_pred_label(rb, pred));
  return label[0] != '\0' ? label : report_str(sg_pred_name(rb, pred));
}

const char *report_pred_kind_word(const sg_rulebook *rb, size_t pred) {
  return sg_pred_kind_of(rb, pred) == SG_SIGNAL ? "signaal" : "voorwaarde";
}

const char *report_truth_word(sg_truth truth) {
  return truth == SG_TRUE ? "waar" : truth == SG_FALSE ? "onwaar" : "onbekend";
}

void report_question_effect(const sg_question *q, char *buf, size_t len) {
  const char *rules = q->waiting == 1 ? "onbesliste regel die erop wacht"
                                      : "onbesliste regels die erop wachten";
  if (!q->tried)
    snprintf(buf, len, "%zu %s", q->waiting,
             q->waiting == 1 ? "onbesliste regel wacht erop" : "onbesliste regels wachten erop");
  else if (q->settles_min == q->settles_max)
    snprintf(buf, len, "elk antwoord beslist %zu van de %zu %s", q->settles_max, q->waiting, rules);
  else
    snprintf(buf, len, "afhankelijk van het antwoord beslist het %zu tot %zu van de %zu %s",
             q->settles_min, q->settles_max, q->waiting, rules);
}
