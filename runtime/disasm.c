/* disasm.c — sg_disassemble: a deterministic text listing of a verified
 * rulebook (metadata, the files with their SHA-256 from the manifest, facts,
 * sets, tables with each entry's hours and check date, windows, groups, then every
 * predicate and rule with its justifications, assumptions and code, one
 * line per instruction, indices resolved to names, source positions from
 * LINES). Used for golden tests.
 */
#include <stdio.h>
#include <string.h>

#include "country.h"
#include "internal.h"

typedef struct {
  const sg_rulebook *rb;
  sg_write_fn write;
  void *ud;
  uint8_t used[SG_OP__COUNT];  /* opcodes listed so far, for the legend */
} dis;

static void dis_raw(dis *d, const char *s) {
  d->write(d->ud, s, strlen(s));
}

/* Short formatted pieces only (numbers, fixed words): texts go by dis_raw
 * or dis_quoted, so nothing is ever cut. */
static void dis_printf(dis *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void dis_printf(dis *d, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  sgr_vwritef(d->write, d->ud, fmt, ap);
  va_end(ap);
}

/* A text in double quotes with \" \\ \n \t and \xNN for other controls. */
static void dis_quoted(dis *d, const char *s) {
  dis_raw(d, "\"");
  const char *run = s;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f) continue;
    d->write(d->ud, run, (size_t)(s - run));
    if (c == '"') dis_raw(d, "\\\"");
    else if (c == '\\') dis_raw(d, "\\\\");
    else if (c == '\n') dis_raw(d, "\\n");
    else if (c == '\t') dis_raw(d, "\\t");
    else dis_printf(d, "\\x%02x", c);
    run = s + 1;
  }
  d->write(d->ud, run, (size_t)(s - run));
  dis_raw(d, "\"");
}

/* "  KEY "text"\n", skipped when the text is empty. */
static void dis_field(dis *d, const char *indent, const char *key, const char *text) {
  if (!*text) return;
  dis_raw(d, indent);
  dis_raw(d, key);
  dis_raw(d, " ");
  dis_quoted(d, text);
  dis_raw(d, "\n");
}

/* ---- Declarations ---- */

/* "\nfacts 34\n": a part's heading, the section's name from records.def in
 * lower case and its record count. */
static void dis_heading(dis *d, int id) {
  char name[16];
  size_t n = 0;
  for (const char *p = sgr_sections[id].name; *p && n + 1 < sizeof name; p++, n++)
    name[n] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
  name[n] = '\0';
  dis_printf(d, "\n%s %lu\n", name, (unsigned long)rb_count(d->rb, id));
}

static void dis_header(dis *d) {
  const sg_rulebook *rb = d->rb;
  char date[20];
  dis_printf(d, "; Signaal bytecode, format %d.%u, %lu bytes\n", SG_FORMAT_MAJOR, rb->minor,
             (unsigned long)rb->size);
  dis_field(d, "", "title", rb->meta.title);
  dis_field(d, "", "version", rb->meta.version);
  sg_format_date(rb->meta.effective, date);
  dis_printf(d, "effective %s\n", date);
  dis_field(d, "", "source", rb->meta.source);
  dis_field(d, "", "compiler", rb->meta.compiler);
  if (rb->meta.reading != SG_NONE) dis_field(d, "", "references", rb->tables[rb->meta.reading].name);
  dis_raw(d, "source-sha256 ");
  for (int i = 0; i < 32; i++) dis_printf(d, "%02x", rb->source_hash[i]);
  dis_printf(d, "\nfiles %lu\n", (unsigned long)rb->nfiles);
  for (uint32_t i = 0; i < rb->nfiles; i++) {
    dis_printf(d, "  %lu ", (unsigned long)i);
    dis_quoted(d, rb->files[i]);
    if (i < rb->nmanifest) { /* the manifest (1.3): record i is file i */
      dis_raw(d, " sha256 ");
      dis_raw(d, rb->manifest[i].sha256);
    }
    dis_raw(d, "\n");
  }
}

static void dis_facts(dis *d) {
  const sg_rulebook *rb = d->rb;
  dis_heading(d, SG_SEC_FACTS);
  for (uint32_t i = 0; i < rb->nfacts; i++) {
    const sg_fact_rec *f = &rb->facts[i];
    dis_printf(d, "  %lu ", (unsigned long)i);
    dis_raw(d, f->name);
    dis_raw(d, " ");
    dis_raw(d, sgr_type_name(f->type));
    if (f->type == SG_ENUM) {
      for (uint32_t k = 0; k < f->values.count; k++) {
        dis_raw(d, k ? ", " : " { ");
        dis_raw(d, rb_enum_name(rb, i, k));
      }
      dis_raw(d, " }");
    }
    if (f->protect) dis_raw(d, " protected");
    if (f->optional) dis_raw(d, " optional");
    dis_raw(d, "\n");
    dis_field(d, "      ", "ask", f->question);
  }
}

/* " from D until D" (the ends it has) of a dated thing; nothing otherwise. */
static void dis_period(dis *d, sg_dated_kind kind, uint32_t owner, uint32_t item) {
  int32_t from, until;
  if (!sg_period(d->rb, kind, owner, item, &from, &until)) return;
  char date[16];
  if (from != SG_SINCE_ALWAYS) {
    sg_format_date(from, date);
    dis_printf(d, " from %s", date);
  }
  if (until != SG_FOR_GOOD) {
    sg_format_date(until, date);
    dis_printf(d, " until %s", date);
  }
}

static void dis_sets(dis *d) {
  const sg_rulebook *rb = d->rb;
  dis_heading(d, SG_SEC_SETS);
  for (uint32_t i = 0; i < rb->nsets; i++) {
    const sg_set_rec *s = &rb->sets[i];
    dis_printf(d, "  %lu ", (unsigned long)i);
    dis_raw(d, s->name[0] ? s->name : "(list)"); /* a { … } literal has no name */
    dis_raw(d, " ");
    dis_raw(d, sgr_type_name(s->elem_type));
    if (s->elem_type == SG_ENUM) {
      dis_raw(d, " of ");
      dis_raw(d, rb->facts[s->enum_fact].name);
    }
    dis_raw(d, " {");
    for (uint32_t k = 0; k < s->elements.count; k++) {
      uint32_t e = rb->pool[s->elements.first + k];
      dis_raw(d, k ? ", " : " ");
      if (s->elem_type == SG_INT) dis_printf(d, "%ld", (long)(int32_t)e);
      else if (s->elem_type == SG_TEXT) dis_quoted(d, rb_str(rb, e));
      else if (s->elem_type == SG_COUNTRY) dis_raw(d, sgr_country_code(e));
      else dis_raw(d, rb_enum_name(rb, s->enum_fact, e));
      dis_period(d, SG_DATED_ELEMENT, i, k);
    }
    dis_raw(d, " }\n");
  }
}

static void dis_tables(dis *d) {
  const sg_rulebook *rb = d->rb;
  dis_heading(d, SG_SEC_TABLES);
  for (uint32_t i = 0; i < rb->ntables; i++) {
    const sg_table_rec *t = &rb->tables[i];
    dis_printf(d, "  %lu ", (unsigned long)i);
    dis_raw(d, t->name);
    dis_raw(d, " fields {");
    for (uint32_t f = 0; f < t->fields.count; f++) {
      dis_raw(d, f ? ", " : " ");
      dis_quoted(d, sg_table_field(rb, i, f));
    }
    dis_printf(d, " } entries %lu\n", (unsigned long)t->entries.count);
    for (uint32_t e = 0; e < t->entries.count; e++) {
      dis_raw(d, "      ");
      dis_quoted(d, sg_table_key(rb, i, e));
      dis_raw(d, ":");
      for (uint32_t f = 0; f < t->fields.count; f++) {
        dis_raw(d, " ");
        dis_quoted(d, sg_table_value(rb, i, e, f));
      }
      long w = sg_table_entry_window(rb, i, e);
      if (w >= 0) {
        dis_raw(d, " open ");
        dis_raw(d, rb->windows[w].name);
      }
      int32_t checked;
      if (sg_table_entry_checked(rb, i, e, &checked)) {
        char date[16];
        sg_format_date(checked, date);
        dis_printf(d, " checked %s", date);
      }
      dis_period(d, SG_DATED_ENTRY, i, e);
      dis_raw(d, "\n");
    }
  }
}

/* The assumptions owned by `owner` of `kind` (sg_owner_kind), one line
 * each: INDENT assumption "text". */
static void dis_assumptions(dis *d, int kind, uint32_t owner, const char *indent) {
  const sg_rulebook *rb = d->rb;
  for (uint32_t i = 0; i < rb->nassume; i++)
    if (rb->assume[i].owner_kind == kind && rb->assume[i].owner == owner)
      dis_field(d, indent, "assumption", rb->assume[i].text);
}

static void dis_windows(dis *d) {
  static const char *const days[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  const sg_rulebook *rb = d->rb;
  dis_heading(d, SG_SEC_WINDOWS);
  for (uint32_t i = 0; i < rb->nwindows; i++) {
    const sg_window_rec *w = &rb->windows[i];
    dis_printf(d, "  %lu ", (unsigned long)i);
    dis_raw(d, w->name);
    for (int k = 0; k < 7; k++)
      if (w->days >> k & 1) dis_printf(d, " %s", days[k]);
    dis_printf(d, " %02u:%02u .. %02u:%02u", w->start / 60u, w->start % 60u, w->end / 60u,
               w->end % 60u);
    if (w->flags & SG_WINDOW_EXCEPT_HOLIDAYS)
      dis_raw(d, w->flags & SG_WINDOW_EXCEPT_GOOD_FRIDAY ? " except holidays and good friday"
                                                         : " except holidays");
    dis_period(d, SG_DATED_WINDOW, i, 0);
    dis_raw(d, "\n");
    dis_assumptions(d, SG_OWNER_WINDOW, i, "      ");
  }
}

/* One line "  i name { member, … }" and the label: a group's signals, an
 * actor's rules. */
static void dis_named_list(dis *d, uint32_t i, const char *name, const char *label,
                           sg_range members, int of_rules) {
  const sg_rulebook *rb = d->rb;
  dis_printf(d, "  %lu ", (unsigned long)i);
  dis_raw(d, name);
  dis_raw(d, " {");
  for (uint32_t k = 0; k < members.count; k++) {
    uint32_t m = rb->pool[members.first + k];
    dis_raw(d, k ? ", " : " ");
    dis_raw(d, of_rules ? rb->rules[m].name : rb->preds[m].name);
  }
  dis_raw(d, " }\n");
  dis_field(d, "      ", "label", label);
}

static void dis_groups(dis *d) {
  const sg_rulebook *rb = d->rb;
  dis_heading(d, SG_SEC_GROUPS);
  for (uint32_t i = 0; i < rb->ngroups; i++)
    dis_named_list(d, i, rb->groups[i].name, rb->groups[i].label, rb->groups[i].members, 0);
}

/* Actors (1.2), only when the file has any: a file without them
 * disassembles as before. */
static void dis_actors(dis *d) {
  const sg_rulebook *rb = d->rb;
  if (rb->nactors == 0) return;
  dis_heading(d, SG_SEC_ACTORS);
  for (uint32_t i = 0; i < rb->nactors; i++)
    dis_named_list(d, i, rb->actors[i].name, rb->actors[i].label, rb->actors[i].rules, 1);
}

/* ---- Code ---- */

/* Print the LINES entries that start at code offset `at`. */
static void dis_positions(dis *d, uint32_t at) {
  const sg_rulebook *rb = d->rb;
  uint32_t lo = 0, hi = rb->nlines;
  while (lo < hi) {  /* first entry with offset >= at */
    uint32_t mid = lo + (hi - lo) / 2;
    if (rb->lines[mid].offset < at) lo = mid + 1;
    else hi = mid;
  }
  for (; lo < rb->nlines && rb->lines[lo].offset == at; lo++) {
    const sg_line_rec *l = &rb->lines[lo];
    dis_raw(d, "  ; ");
    dis_raw(d, rb->files[l->file]);
    dis_printf(d, ":%lu:%lu\n", (unsigned long)l->line, (unsigned long)l->column);
  }
}

/* The name of the record an index operand of `kind` points at (NULL for
 * constants); a { … } literal has no name and reads "(list)". */
static const char *dis_target(const sg_rulebook *rb, sg_operand_kind kind, uint32_t v) {
  switch (kind) {
  case SG_OPND_FACT: return rb->facts[v].name;
  case SG_OPND_PRED: return rb->preds[v].name;
  case SG_OPND_SET: return rb->sets[v].name[0] ? rb->sets[v].name : "(list)";
  case SG_OPND_TABLE: return rb->tables[v].name;
  case SG_OPND_WINDOW: return rb->windows[v].name;
  case SG_OPND_GROUP: return rb->groups[v].name;
  default: return NULL;
  }
}

/* One instruction at absolute code offset `at`, as opcodes.def describes
 * it: the operands as numbers, then after ';' what they mean (names of what
 * indices point at, quoted texts, dates, country codes, jump targets). Returns its size. */
static uint32_t dis_instruction(dis *d, uint32_t at) {
  const sg_rulebook *rb = d->rb;
  const uint8_t *p = rb->code + at;
  const sg_opcode_info *info = &sgr_opcode_table[p[0]];
  d->used[p[0]] = 1;
  sg_operand_kind ka = info->a, kb = info->b;
  int64_t a = sg_operand(ka, p + 1), b = sg_operand(kb, p + 1 + info->b_at);
  char operands[48] = "", note[48] = "";
  if (kb != SG_OPND_NONE) snprintf(operands, sizeof operands, "%lld %lld", (long long)a, (long long)b);
  else if (ka != SG_OPND_NONE) snprintf(operands, sizeof operands, "%lld", (long long)a);
  const char *name = dis_target(rb, ka, (uint32_t)a);
  const char *text = ka == SG_OPND_STRING ? rb_str(rb, (uint32_t)a) : NULL;
  if (ka == SG_OPND_DAYS) sg_format_date((int32_t)a, note);
  if (ka == SG_OPND_SECONDS) sg_format_datetime(a, note);
  if (ka == SG_OPND_COUNTRY) snprintf(note, sizeof note, "%s", sgr_country_code((uint32_t)a));
  if (ka == SG_OPND_JUMP) snprintf(note, sizeof note, "-> %04lu", (unsigned long)(at + (uint32_t)info->size + (uint32_t)a));
  if (kb == SG_OPND_COUNT) snprintf(note, sizeof note, "at least %lld of ", (long long)b);
  if (!name && !text && !note[0]) {
    if (operands[0]) dis_printf(d, "  %04lu  %-9s %s\n", (unsigned long)at, info->name, operands);
    else dis_printf(d, "  %04lu  %s\n", (unsigned long)at, info->name);
    return (uint32_t)info->size;
  }
  dis_printf(d, "  %04lu  %-9s %-6s ; %s", (unsigned long)at, info->name, operands, note);
  if (text) dis_quoted(d, text);
  if (name) dis_raw(d, name);
  if (kb == SG_OPND_VALUE) {
    dis_raw(d, ".");
    dis_raw(d, rb_enum_name(rb, (uint32_t)a, (uint32_t)b));
  }
  dis_raw(d, "\n");
  return (uint32_t)info->size;
}

static void dis_block(dis *d, sg_block block) {
  for (uint32_t at = block.offset; at < block.offset + block.length;) {
    dis_positions(d, at);
    at += dis_instruction(d, at);
  }
}

/* The justifications owned by predicate (kind 1) or rule (kind 2) `owner`. */
static void dis_justify(dis *d, int kind, uint32_t owner) {
  const sg_rulebook *rb = d->rb;
  for (uint32_t i = 0; i < rb->njustify; i++) {
    const sg_justify_rec *j = &rb->justify[i];
    if (j->owner_kind != kind || j->owner != owner) continue;
    dis_raw(d, "  justify ");
    dis_raw(d, rb->facts[j->fact].name);
    dis_raw(d, " ");
    dis_quoted(d, j->text);
    dis_raw(d, "\n");
  }
}

static void dis_preds(dis *d) {
  const sg_rulebook *rb = d->rb;
  for (uint32_t i = 0; i < rb->npreds; i++) {
    const sg_pred_rec *p = &rb->preds[i];
    dis_printf(d, "\n%s %lu ", p->kind == SG_SIGNAL ? "signal" : "condition", (unsigned long)i);
    dis_raw(d, p->name);
    if (p->group != SG_NONE) {
      dis_raw(d, " in ");
      dis_raw(d, rb->groups[p->group].name);
    }
    dis_period(d, SG_DATED_PRED, i, 0);
    dis_raw(d, "\n");
    dis_field(d, "  ", "label", p->label);
    dis_field(d, "  ", "source", p->citation);
    dis_justify(d, 1, i);
    dis_assumptions(d, SG_OWNER_PREDICATE, i, "  ");
    dis_block(d, p->code);
  }
}

static void dis_rules(dis *d) {
  const sg_rulebook *rb = d->rb;
  for (uint32_t i = 0; i < rb->nrules; i++) {
    const sg_rule_rec *r = &rb->rules[i];
    dis_printf(d, "\nrule %lu ", (unsigned long)i);
    dis_raw(d, r->name);
    if (r->has_step) dis_printf(d, " step %ld", (long)r->step);
    if (r->urgent) dis_raw(d, " urgent");
    dis_period(d, SG_DATED_RULE, i, 0);
    if (r->actor != SG_NONE) {
      dis_raw(d, " by ");
      dis_raw(d, rb->actors[r->actor].name);
    }
    dis_raw(d, "\n");
    dis_field(d, "  ", "label", r->label);
    dis_field(d, "  ", "source", r->citation);
    dis_justify(d, 2, i);
    dis_assumptions(d, SG_OWNER_RULE, i, "  ");
    dis_raw(d, "  when:\n");
    dis_block(d, r->when);
    if (r->unless.length) {
      dis_raw(d, "  unless:\n");
      dis_block(d, r->unless);
    }
    for (uint32_t k = 0; k < r->actions.count; k++) {
      const sg_action_rec *a = &rb->actions[rb->pool[r->actions.first + k]];
      if (a->kind == SG_CONTACT) {
        dis_raw(d, "  contact ");
        dis_raw(d, rb->tables[a->table].name);
        dis_raw(d, " key:\n");
        dis_block(d, a->key);
      } else {
        dis_raw(d, a->kind == SG_RECOMMEND ? "  recommend " : "  attention ");
        dis_quoted(d, a->text);
        dis_raw(d, "\n");
      }
    }
  }
}

/* The legend: each instruction the listing used, with the kinds of its
 * operands and its synopsis from opcodes.def, in opcode order. */
static void dis_legend(dis *d) {
  dis_raw(d, "\n; instructions used: operand kinds, synopsis\n");
  for (int op = 0; op < SG_OP__COUNT; op++) {
    if (!d->used[op]) continue;
    const sg_opcode_info *info = &sgr_opcode_table[op];
    char kinds[40] = "";
    if (info->b != SG_OPND_NONE)
      snprintf(kinds, sizeof kinds, "%s %s", sgr_operand_table[info->a].kind,
               sgr_operand_table[info->b].kind);
    else if (info->a != SG_OPND_NONE)
      snprintf(kinds, sizeof kinds, "%s", sgr_operand_table[info->a].kind);
    dis_printf(d, ";   %-9s %-13s ", info->name, kinds);
    dis_raw(d, info->synopsis);
    dis_raw(d, "\n");
  }
}

/* Write the listing of `rb` to `write` in pieces; see signaal.h. */
void sg_disassemble(const sg_rulebook *rb, sg_write_fn write, void *userdata) {
  if (!rb || !write) return;
  dis d = {rb, write, userdata, {0}};
  dis_header(&d);
  dis_facts(&d);
  dis_sets(&d);
  dis_tables(&d);
  dis_windows(&d);
  dis_groups(&d);
  dis_actors(&d);
  dis_preds(&d);
  dis_rules(&d);
  dis_legend(&d);
}
