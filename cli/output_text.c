/* output_text.c — the report for case workers, in Dutch: header, then
 * Aanbevelingen, Aandachtspunten, Contacten, Onbeslist, and the signals that
 * held. Reads outcomes straight from the context; prints no fact values.
 */
#include "report.h"
#include "cli.h"

#include <stdlib.h>

/* "regel: NAME — LABEL (stap N)" */
static void print_rule_line(FILE *out, const sg_rulebook *rb, size_t rule, const char *indent) {
  const char *label = report_str(sg_rule_label(rb, rule));
  fprintf(out, "%sregel: %s", indent, report_str(sg_rule_name(rb, rule)));
  if (label[0] != '\0') fprintf(out, " — %s", label);
  int32_t step = sg_rule_step(rb, rule);
  if (report_has_step(step)) fprintf(out, " (stap %ld)", (long)step);
  fputc('\n', out);
}

static void print_citation(FILE *out, const char *citation, const char *indent) {
  if (citation != NULL && citation[0] != '\0') fprintf(out, "%sbron: %s\n", indent, citation);
}

/* The recommend or attention actions of the fired rules. */
static void print_actions(FILE *out, const sg_rulebook *rb, const sg_context *ctx,
                          sg_action_kind kind, const char *heading) {
  fprintf(out, "\n%s\n", heading);
  int any = 0;
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    if (sg_rule_outcome(ctx, r) != SG_TRUE) continue;
    for (size_t a = 0; a < sg_rule_action_count(rb, r); a++) {
      if (sg_rule_action_kind(rb, r, a) != kind) continue;
      fprintf(out, "  - %s\n", report_str(sg_rule_action_text(rb, r, a)));
      print_rule_line(out, rb, r, "    ");
      print_citation(out, sg_rule_citation(rb, r), "    ");
      any = 1;
    }
  }
  if (!any) fputs("  (geen)\n", out);
}

/* One table entry: "naam: X, telefoon: Y", or the text of a plain table. */
static void print_entry(FILE *out, const sg_rulebook *rb, size_t table, size_t entry) {
  size_t fields = sg_table_field_count(rb, table);
  int first = 1;
  fputs("    ", out);
  for (size_t f = 0; f < fields; f++) {
    const char *field = report_str(sg_table_field(rb, table, f));
    const char *value = report_str(sg_table_value(rb, table, entry, f));
    if (value[0] == '\0') continue;
    if (!first) fputs(", ", out);
    if (field[0] != '\0') fprintf(out, "%s: ", field);
    fputs(value, out);
    first = 0;
  }
  fputc('\n', out);
}

/* "      fact: question" */
static void print_fact_question(FILE *out, const sg_rulebook *rb, size_t slot) {
  const char *question = report_str(sg_fact_question(rb, slot));
  fprintf(out, "      %s", report_str(sg_fact_name(rb, slot)));
  if (question[0] != '\0') fprintf(out, ": %s", question);
  fputc('\n', out);
}

static void print_contacts(FILE *out, const sg_rulebook *rb, const sg_context *ctx,
                           const unsigned char *known) {
  fputs("\nContacten\n", out);
  int any = 0;
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    if (sg_rule_outcome(ctx, r) != SG_TRUE) continue;
    for (size_t a = 0; a < sg_rule_action_count(rb, r); a++) {
      if (sg_rule_action_kind(rb, r, a) != SG_CONTACT) continue;
      const char *table_name = report_str(sg_rule_action_text(rb, r, a));
      long table = sg_table_find(rb, table_name);
      long entry = sg_rule_contact(ctx, r, a);
      if (table >= 0 && entry >= 0) {
        fprintf(out, "  - %s: %s\n", table_name,
                report_str(sg_table_key(rb, (size_t)table, (size_t)entry)));
        print_entry(out, rb, (size_t)table, (size_t)entry);
      } else {
        fprintf(out, "  - %s: nog niet te bepalen\n", table_name);
        long fact = table >= 0 ? report_contact_fact(rb, (size_t)table, known) : -1;
        if (fact >= 0) {
          fputs("    wacht op:\n", out);
          print_fact_question(out, rb, (size_t)fact);
        } else {
          fputs("    wacht op het gegeven dat het contact kiest (onbekend of niet in de tabel)\n",
                out);
        }
      }
      print_rule_line(out, rb, r, "    ");
      print_citation(out, sg_rule_citation(rb, r), "    ");
      any = 1;
    }
  }
  if (!any) fputs("  (geen)\n", out);
}

static int print_undetermined(FILE *out, const sg_rulebook *rb, sg_context *ctx) {
  fputs("\nOnbeslist\n", out);
  int any = 0;
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    if (sg_rule_outcome(ctx, r) != SG_UNKNOWN) continue;
    const char *label = report_str(sg_rule_label(rb, r));
    fprintf(out, "  - %s", report_str(sg_rule_name(rb, r)));
    if (label[0] != '\0') fprintf(out, " — %s", label);
    int32_t step = sg_rule_step(rb, r);
    if (report_has_step(step)) fprintf(out, " (stap %ld)", (long)step);
    fputc('\n', out);
    print_citation(out, sg_rule_citation(rb, r), "    ");
    size_t count = 0;
    size_t *slots = report_waiting(ctx, r, &count);
    if (count == (size_t)-1) {
      fputs("signaal: error: out of memory\n", stderr);
      return CLI_EXIT_IO;
    }
    fputs("    wacht op:\n", out);
    for (size_t i = 0; i < count; i++) print_fact_question(out, rb, slots[i]);
    if (count == 0) fputs("      (onbekend)\n", out);
    free(slots);
    any = 1;
  }
  if (!any) fputs("  (geen)\n", out);
  return CLI_EXIT_OK;
}

static void print_signals(FILE *out, const sg_rulebook *rb, const sg_context *ctx) {
  fputs("\nSignalen: ", out);
  int any = 0;
  for (size_t p = 0; p < sg_pred_count(rb); p++) {
    if (sg_pred_kind_of(rb, p) != SG_SIGNAL || sg_pred_value(ctx, p) != SG_TRUE) continue;
    const char *label = report_str(sg_pred_label(rb, p));
    fprintf(out, "%s%s", any ? "; " : "", label[0] != '\0' ? label : report_str(sg_pred_name(rb, p)));
    any = 1;
  }
  fputs(any ? "\n" : "(geen)\n", out);
}

int output_text(FILE *out, const report_case *rc) {
  const sg_rulebook *rb = rc->rb;
  sg_context *ctx = rc->ctx;
  char effective[24], moment[24], hash[65];
  sg_format_date(sg_rulebook_effective(rb), effective);
  sg_format_datetime(rc->now, moment);
  report_hex(sg_rulebook_bytecode_hash(rb), hash);
  const char *source = report_str(sg_rulebook_source(rb));
  fprintf(out, "%s\n", report_str(sg_rulebook_title(rb)));
  fprintf(out, "  versie:         %s\n", report_str(sg_rulebook_version(rb)));
  fprintf(out, "  geldig vanaf:   %s\n", effective);
  if (source[0] != '\0') fprintf(out, "  bron:           %s\n", source);
  fprintf(out, "  beoordeeld op:  %s\n", moment);
  fprintf(out, "  regelboek:      sha256 %s\n", hash);
  print_actions(out, rb, ctx, SG_RECOMMEND, "Aanbevelingen");
  print_actions(out, rb, ctx, SG_ATTENTION, "Aandachtspunten");
  print_contacts(out, rb, ctx, rc->known);
  int code = print_undetermined(out, rb, ctx);
  if (code != CLI_EXIT_OK) return code;
  print_signals(out, rb, ctx);
  return CLI_EXIT_OK;
}
