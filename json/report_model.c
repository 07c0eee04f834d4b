/* report_model.c — collects the report of an evaluated case once, as text
 * resolved from the rulebook: header, rules, facts, actions, contacts (and
 * whether each can be reached now, and when again),
 * undetermined rules, open questions, signals, reading list, explanations,
 * the assumptions the advice rests on; its memory is one list of blocks,
 * freed at once. (The CLI picks the writer: cli/report.c.)
 */
#include "report_model.h"
#include "clock.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

/* One allocation of the model, aligned for anything. */
typedef struct report_block {
  struct report_block *next;
  max_align_t data[];
} report_block;

/* `count` zeroed objects of `size` bytes owned by the model; NULL when out
 * of memory (or when count is 0, which needs nothing). */
static void *model_alloc(report_model *m, size_t count, size_t size) {
  if (count == 0 || size > ((size_t)-1 - sizeof(report_block)) / count) return NULL;
  report_block *b = calloc(1, sizeof *b + count * size);
  if (b == NULL) return NULL;
  b->next = m->blocks;
  m->blocks = b;
  return b->data;
}

/* A copy of `text` owned by the model; NULL when out of memory. */
static const char *model_text(report_model *m, const char *text) {
  size_t len = strlen(text) + 1;
  char *copy = model_alloc(m, len, 1);
  return copy != NULL ? memcpy(copy, text, len) : NULL;
}

/* The section of `kind` with its Dutch heading and JSON key. */
static report_section *section(report_model *m, report_section_kind kind) {
  static const char *const names[REPORT_SECTION_COUNT][2] = {
    [REPORT_URGENT] = {"Nu doen", "urgent"},
    [REPORT_RECOMMENDATIONS] = {"Aanbevelingen", "recommendations"},
    [REPORT_ATTENTION] = {"Aandachtspunten", "attention"},
    [REPORT_CONTACTS] = {"Contacten", "contacts"},
    [REPORT_UNDETERMINED] = {"Onbeslist", "undetermined"},
    [REPORT_QUESTIONS] = {"Open vragen", "open_questions"},
    [REPORT_SIGNALS] = {"Signalen", "signals"},
    [REPORT_READING_LIST] = {"Leeslijst", "reading_list"},
    [REPORT_ASSUMPTIONS] = {"Aannames van het regelboek", "assumptions"},
  };
  report_section *sec = &m->sections[kind];
  sec->kind = kind;
  sec->heading = names[kind][0];
  sec->key = names[kind][1];
  return sec;
}

/* ---- the rulebook's names ------------------------------------------------------ */

/* Every rule, resolved; NULL when out of memory. */
/* The headings advice stands under, by actor (see report_rule): [a] for
 * actor a, [count] for the rules without one; the reader's own reads
 * "label (jij)". NULL when out of memory. */
static const char **actor_headings(report_model *m, const sg_rulebook *rb, long role) {
  size_t n = sg_actor_count(rb);
  const char **headings = model_alloc(m, n + 1, sizeof *headings);
  if (headings == NULL) return NULL;
  for (size_t a = 0; a < n; a++) {
    const char *label = report_str(sg_actor_label(rb, a));
    headings[a] = label;
    if ((long)a != role) continue;
    size_t len = strlen(label) + sizeof " (jij)";
    char *mine = model_alloc(m, len, 1);
    if (mine == NULL) return NULL;
    snprintf(mine, len, "%s (jij)", label);
    headings[a] = mine;
  }
  headings[n] = "Overige";
  return headings;
}

static report_rule *collect_rules(report_model *m, const case_session *s) {
  const sg_rulebook *rb = s->rb;
  size_t n = sg_rule_count(rb), actors = sg_actor_count(rb);
  report_rule *rules = model_alloc(m, n + 1, sizeof *rules);
  const char **headings = actors > 0 ? actor_headings(m, rb, s->role) : NULL;
  if (rules == NULL || (actors > 0 && headings == NULL)) return NULL;
  for (size_t r = 0; r < n; r++) {
    rules[r].name = report_str(sg_rule_name(rb, r));
    rules[r].label = report_str(sg_rule_label(rb, r));
    rules[r].has_step = sg_rule_has_step(rb, r);
    rules[r].step = (long)sg_rule_step(rb, r);
    rules[r].citation = report_str(sg_rule_citation(rb, r));
    long actor = sg_rule_actor(rb, r);
    size_t at = actor >= 0 ? (size_t)actor : actors;
    rules[r].actor = actor >= 0 ? report_str(sg_actor_name(rb, (size_t)actor)) : NULL;
    rules[r].actor_heading = headings != NULL ? headings[at] : NULL;
    rules[r].actor_rank = actor >= 0 && actor == s->role ? 0 : at + 1;
  }
  m->rules = rules;
  m->rule_count = n;
  return rules;
}

/* Entry `e` of table `t`, resolved; NULL when out of memory. */
static const report_entry *resolve_entry(report_model *m, const sg_rulebook *rb, size_t t,
                                         size_t e, report_entry *into) {
  size_t n = sg_table_field_count(rb, t);
  report_field *fields = model_alloc(m, n + 1, sizeof *fields);
  if (fields == NULL) return NULL;
  for (size_t f = 0; f < n; f++) {
    fields[f].name = report_str(sg_table_field(rb, t, f));
    fields[f].value = report_str(sg_table_value(rb, t, e, f));
  }
  *into = (report_entry){report_str(sg_table_key(rb, t, e)), n, fields};
  return into;
}

/* The facts at `slots` as a new array of their resolved names. */
static const report_fact **facts_at(report_model *m, const report_fact *facts,
                                    const size_t *slots, size_t count) {
  const report_fact **out = model_alloc(m, count + 1, sizeof *out);
  for (size_t i = 0; out != NULL && i < count; i++) out[i] = &facts[slots[i]];
  return out;
}

/* ---- the sections ---------------------------------------------------------------- */

/* The fired rules' actions of `kind` into section `sec`. */
static int collect_actions(report_model *m, const case_session *s, sg_action_kind kind,
                           report_section_kind sec) {
  const sg_rulebook *rb = s->rb;
  size_t n = 0;
  for (size_t r = 0; r < sg_rule_count(rb); r++)
    if (sg_rule_outcome(s->ctx, r) == SG_TRUE) n += sg_rule_action_count(rb, r);
  report_action *items = model_alloc(m, n + 1, sizeof *items);
  if (items == NULL) return -1;
  n = 0;
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    if (sg_rule_outcome(s->ctx, r) != SG_TRUE) continue;
    /* an urgent rule's advice goes, whole, under "Nu doen", and only there */
    if ((sec == REPORT_URGENT) != (sg_rule_urgent(rb, r) != 0)) continue;
    for (size_t a = 0; a < sg_rule_action_count(rb, r); a++) {
      sg_action_kind k = sg_rule_action_kind(rb, r, a);
      if (k == kind || (sec == REPORT_URGENT && k != SG_CONTACT))
        items[n++] = (report_action){report_str(sg_rule_action_text(rb, r, a)), &m->rules[r]};
    }
  }
  /* by who does it (report_rule.actor_rank), keeping the rules' order
   * within one actor: a stable insertion sort of a short list */
  for (size_t i = 1; i < n; i++) {
    report_action item = items[i];
    size_t j = i;
    for (; j > 0 && items[j - 1].rule->actor_rank > item.rule->actor_rank; j--)
      items[j] = items[j - 1];
    items[j] = item;
  }
  section(m, sec)->count = n;
  m->sections[sec].items.actions = items;
  if (sec == REPORT_URGENT) {  /* "Nu doen" only for a rulebook that has urgent rules */
    int any = 0;
    for (size_t r = 0; r < sg_rule_count(rb) && !any; r++) any = sg_rule_urgent(rb, r);
    m->sections[sec].omitted = !any;
  }
  return 0;
}

/* Add `slot` to the ascending set slots[0..*count) (room for it exists). */
static void add_slot(size_t *slots, size_t *count, size_t slot) {
  size_t i = 0;
  while (i < *count && slots[i] < slot) i++;
  if (i < *count && slots[i] == slot) return;
  memmove(slots + i + 1, slots + i, (*count - i) * sizeof *slots);
  slots[i] = slot;
  (*count)++;
}

/* A contact being collected: its rules and waiting facts as indexes. */
typedef struct {
  size_t *rules, *waiting;
  size_t rule_count, waiting_count;
} contact_work;

/* The contact for (table name, entry index) among contacts[0..*count),
 * made when new; NULL when out of memory. */
static report_contact *find_contact(report_model *m, const sg_rulebook *rb,
                                    report_contact *contacts, contact_work *work, size_t *count,
                                    const char *name, long entry) {
  for (size_t i = 0; i < *count; i++)
    if (contacts[i].index == entry && strcmp(contacts[i].table, name) == 0) return &contacts[i];
  size_t i = (*count)++;
  contacts[i].table = name;
  contacts[i].index = entry;
  work[i].rules = model_alloc(m, sg_rule_count(rb) + 1, sizeof *work[i].rules);
  work[i].waiting = model_alloc(m, sg_fact_count(rb) + 1, sizeof *work[i].waiting);
  return work[i].rules != NULL && work[i].waiting != NULL ? &contacts[i] : NULL;
}

/* Whether entry `entry` of table `table` can be reached at the moment of
 * evaluation, and if not, when it can again, into *h; nothing for an entry
 * without hours. -1 when out of memory. */
static int contact_hours(report_model *m, const case_session *s, size_t table, size_t entry,
                         report_hours *h) {
  long w = sg_table_entry_window(s->rb, table, entry);
  if (w < 0) return 0;
  int64_t opens;
  char text[160];
  h->window = report_str(sg_window_name(s->rb, (size_t)w));
  h->index = w;
  h->open_now = sg_window_contains(s->rb, (size_t)w, s->now);
  h->opens_known = !h->open_now && sg_window_next_open(s->rb, (size_t)w, s->now, &opens);
  if (h->open_now) {
    snprintf(text, sizeof text, "Nu bereikbaar.");
  } else if (h->opens_known) {
    char when[CLOCK_DUTCH_SIZE];
    clock_format_dutch(opens, when, sizeof when);
    sg_format_datetime(opens, h->opens);
    snprintf(text, sizeof text, "Nu niet bereikbaar; weer bereikbaar op %s.", when);
  } else {
    snprintf(text, sizeof text, "Nu niet bereikbaar.");  /* a window without days */
  }
  h->text = model_text(m, text);
  return h->text != NULL ? 0 : -1;
}

/* The distinct contacts of the fired rules' contact actions: the entry
 * their key selects, or the unknown facts the key still waits for. */
static int collect_contacts(report_model *m, const case_session *s, const report_fact *facts) {
  const sg_rulebook *rb = s->rb;
  size_t actions = 0, count = 0;
  for (size_t r = 0; r < sg_rule_count(rb); r++)
    if (sg_rule_outcome(s->ctx, r) == SG_TRUE) actions += sg_rule_action_count(rb, r);
  report_contact *contacts = model_alloc(m, actions + 1, sizeof *contacts);
  contact_work *work = model_alloc(m, actions + 1, sizeof *work);
  report_entry *entries = model_alloc(m, actions + 1, sizeof *entries);
  if (contacts == NULL || work == NULL || entries == NULL) return -1;
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    if (sg_rule_outcome(s->ctx, r) != SG_TRUE) continue;
    for (size_t a = 0; a < sg_rule_action_count(rb, r); a++) {
      if (sg_rule_action_kind(rb, r, a) != SG_CONTACT) continue;
      const char *name = report_str(sg_rule_action_text(rb, r, a));
      long table = sg_table_find(rb, name);
      long entry = table >= 0 ? sg_rule_contact(s->ctx, r, a) : -1;
      report_contact *c = find_contact(m, rb, contacts, work, &count, name, entry);
      if (c == NULL) return -1;
      contact_work *w = &work[c - contacts];
      if (c->entry == NULL && entry >= 0 &&
          (resolve_entry(m, rb, (size_t)table, (size_t)entry, &entries[c - contacts]) == NULL ||
           contact_hours(m, s, (size_t)table, (size_t)entry, &c->hours) != 0))
        return -1;
      if (entry >= 0) c->entry = &entries[c - contacts];
      int32_t checked;
      if (entry >= 0 && sg_table_entry_checked(rb, (size_t)table, (size_t)entry, &checked)) {
        c->has_checked = 1;
        sg_format_date(checked, c->checked);
      }
      if (w->rule_count == 0 || w->rules[w->rule_count - 1] != r) w->rules[w->rule_count++] = r;
      if (entry >= 0) continue;
      size_t *slots = NULL, n = 0;
      if (explain_key_waiting(s, r, a, &slots, &n) != 0) return -1;
      for (size_t i = 0; i < n; i++) add_slot(w->waiting, &w->waiting_count, slots[i]);
      free(slots);
    }
  }
  for (size_t i = 0; i < count; i++) {
    const report_rule **rules = model_alloc(m, work[i].rule_count + 1, sizeof *rules);
    contacts[i].waiting = facts_at(m, facts, work[i].waiting, work[i].waiting_count);
    if (rules == NULL || contacts[i].waiting == NULL) return -1;
    for (size_t k = 0; k < work[i].rule_count; k++) rules[k] = &m->rules[work[i].rules[k]];
    contacts[i].rules = rules;
    contacts[i].rule_count = work[i].rule_count;
    contacts[i].waiting_count = work[i].waiting_count;
  }
  section(m, REPORT_CONTACTS)->count = count;
  m->sections[REPORT_CONTACTS].items.contacts = contacts;
  return 0;
}

/* For every fired rule whose `unless` rests on unknown facts (an exception
 * that counts once established, not known yet): those facts. */
static int collect_presumed(report_model *m, const case_session *s, const report_fact *facts,
                            report_rule *rules) {
  const sg_rulebook *rb = s->rb;
  size_t *slots = model_alloc(m, sg_fact_count(rb) + 1, sizeof *slots);
  if (slots == NULL) return -1;
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    if (sg_rule_outcome(s->ctx, r) != SG_TRUE) continue;
    size_t count = sg_rule_presumed(s->ctx, r, SG_PART_UNLESS, slots, sg_fact_count(rb) + 1);
    if (count > sg_fact_count(rb)) count = sg_fact_count(rb); /* cannot happen: a slot each */
    if (count == 0) continue;
    rules[r].presumed_count = count;
    rules[r].presumed = facts_at(m, facts, slots, count);
    if (rules[r].presumed == NULL) return -1;
  }
  return 0;
}

/* The undetermined rules and the facts each waits for. */
static int collect_undetermined(report_model *m, const case_session *s, const report_fact *facts) {
  const sg_rulebook *rb = s->rb;
  report_undetermined *items = model_alloc(m, sg_rule_count(rb) + 1, sizeof *items);
  size_t *slots = model_alloc(m, sg_fact_count(rb) + 1, sizeof *slots);
  if (items == NULL || slots == NULL) return -1;
  size_t n = 0;
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    if (sg_rule_outcome(s->ctx, r) != SG_UNKNOWN) continue;
    size_t count = sg_rule_waiting(s->ctx, r, slots, sg_fact_count(rb) + 1);
    if (count > sg_fact_count(rb)) count = sg_fact_count(rb); /* cannot happen: a slot each */
    items[n] = (report_undetermined){&m->rules[r], count, facts_at(m, facts, slots, count)};
    if (items[n++].waiting == NULL) return -1;
  }
  section(m, REPORT_UNDETERMINED)->count = n;
  m->sections[REPORT_UNDETERMINED].items.undetermined = items;
  return 0;
}

/* Every signal, in predicate order, with its value. */
static int collect_signals(report_model *m, const case_session *s) {
  const sg_rulebook *rb = s->rb;
  report_signal *items = model_alloc(m, sg_pred_count(rb) + 1, sizeof *items);
  if (items == NULL) return -1;
  size_t n = 0;
  for (size_t p = 0; p < sg_pred_count(rb); p++) {
    if (sg_pred_kind_of(rb, p) != SG_SIGNAL) continue;
    report_signal *sig = &items[n++];
    sig->name = report_str(sg_pred_name(rb, p));
    sig->label = report_str(sg_pred_label(rb, p));
    sig->group = report_str(sg_pred_group(rb, p));
    sig->title = sig->label[0] != '\0' ? sig->label : sig->name;
    sig->value = sg_pred_value(s->ctx, p);
  }
  section(m, REPORT_SIGNALS)->count = n;
  m->sections[REPORT_SIGNALS].items.signals = items;
  return 0;
}

/* What answering an open question does, in Dutch: "een antwoord beslist 1
 * tot 3 van de 3 onbesliste regels die erop wachten". */
static void question_effect(const sg_question *q, size_t contacts, char *buf, size_t len) {
  if (contacts > 0) {  /* the number of a contact waits for it */
    int n = snprintf(buf, len, "het antwoord geeft de gegevens van %zu %s", contacts,
                     contacts == 1 ? "contact dat erop wacht" : "contacten die erop wachten");
    if (n < 0 || (size_t)n + 2 >= len || (q->waiting == 0 && (q->tried ? q->changes : q->presumed) == 0))
      return;
    buf[n] = ';';
    buf[n + 1] = ' ';
    buf += n + 2;
    len -= (size_t)n + 2;
  }
  const char *rules = q->waiting == 1 ? "onbesliste regel die erop wacht"
                                      : "onbesliste regels die erop wachten";
  if (q->waiting == 0) {  /* only decided rules rest on it: an answer may change them */
    size_t n = q->tried ? q->changes : q->presumed;
    const char *noun = n == 1 ? "besliste regel" : "besliste regels";
    if (q->tried)
      snprintf(buf, len, "een antwoord kan %zu %s veranderen, die nu %s van het onbekende antwoord",
               n, noun, n == 1 ? "uitgaat" : "uitgaan");
    else
      snprintf(buf, len, "%zu %s %s uit van het onbekende antwoord", n, noun,
               n == 1 ? "gaat" : "gaan");
  } else if (!q->tried)
    snprintf(buf, len, "%zu %s", q->waiting,
             q->waiting == 1 ? "onbesliste regel wacht erop" : "onbesliste regels wachten erop");
  else if (q->settles_min == q->settles_max)
    snprintf(buf, len, "elk antwoord beslist %zu van de %zu %s", q->settles_max, q->waiting, rules);
  else
    snprintf(buf, len, "afhankelijk van het antwoord beslist het %zu tot %zu van de %zu %s",
             q->settles_min, q->settles_max, q->waiting, rules);
}

/* The open questions, most useful first. Trying answers re-evaluates the
 * context (and restores it): collect them last. */
static int collect_questions(report_model *m, const case_session *s, const report_fact *facts) {
  size_t n = sg_open_questions(s->ctx, NULL, 0);
  sg_question *found = model_alloc(m, n + 1, sizeof *found);
  report_question *items = model_alloc(m, n + 1, sizeof *items);
  if (found == NULL || items == NULL) return -1;
  size_t again = sg_open_questions(s->ctx, found, n);
  if (again < n) n = again;
  for (size_t i = 0; i < n; i++) {
    char effect[240];
    size_t contacts = sg_question_contacts(s->ctx, found[i].slot);
    question_effect(&found[i], contacts, effect, sizeof effect);
    items[i] = (report_question){&facts[found[i].slot], model_text(m, effect), found[i].waiting,
                                 found[i].settles_min, found[i].settles_max, found[i].presumed,
                                 found[i].changes, contacts, found[i].tried, found[i].optional};
    if (items[i].effect == NULL) return -1;
  }
  section(m, REPORT_QUESTIONS)->count = n;
  m->sections[REPORT_QUESTIONS].items.questions = items;
  return 0;
}

/* The entries of the reading-list table, when the rulebook has one. */
static int collect_reading_list(report_model *m, const sg_rulebook *rb) {
  long table = sg_rulebook_reading_list(rb);
  size_t n = table >= 0 ? sg_table_entry_count(rb, (size_t)table) : 0;
  report_entry *entries = model_alloc(m, n + 1, sizeof *entries);
  if (entries == NULL) return -1;
  for (size_t e = 0; e < n; e++)
    if (resolve_entry(m, rb, (size_t)table, e, &entries[e]) == NULL) return -1;
  m->reading_table = table >= 0 ? report_str(sg_table_name(rb, (size_t)table)) : NULL;
  section(m, REPORT_READING_LIST)->count = n;
  m->sections[REPORT_READING_LIST].items.entries = entries;
  return 0;
}

/* ---- assumptions ----------------------------------------------------------- */

/* Every assumption of the rulebook, resolved, into a new array of `n`. */
static report_assumption *resolve_assumptions(report_model *m, const sg_rulebook *rb, size_t n) {
  report_assumption *all = model_alloc(m, n + 1, sizeof *all);
  for (size_t i = 0; all != NULL && i < n; i++) {
    int kind;
    size_t owner;
    const char *text;
    sg_assumption(rb, i, &kind, &owner, &text);
    report_assumption *a = &all[i];
    a->text = report_str(text);
    if (kind == SG_OWNER_PREDICATE) {
      int signal = sg_pred_kind_of(rb, owner) == SG_SIGNAL;
      a->kind = signal ? "signaal" : "voorwaarde";
      a->kind_key = signal ? "signal" : "condition";
      a->owner = report_str(sg_pred_name(rb, owner));
      a->label = report_str(sg_pred_label(rb, owner));
    } else if (kind == SG_OWNER_RULE) {
      a->kind = "regel";
      a->kind_key = "rule";
      a->owner = report_str(sg_rule_name(rb, owner));
      a->label = report_str(sg_rule_label(rb, owner));
    } else {
      a->kind = "tijdvenster";
      a->kind_key = "window";
      a->owner = report_str(sg_window_name(rb, owner));
      a->label = "";
    }
  }
  return all;
}

/* The assumptions all[i] with marked[i] set, in order, as a new list; its
 * length in *count. NULL when out of memory. */
static const report_assumption *const *marked_list(report_model *m, const report_assumption *all,
                                                   const unsigned char *marked, size_t n,
                                                   size_t *count) {
  const report_assumption **list = model_alloc(m, n + 1, sizeof *list);
  *count = 0;
  for (size_t i = 0; list != NULL && i < n; i++)
    if (marked[i]) list[(*count)++] = &all[i];
  return list;
}

/* Which assumptions each fired rule rests on (its own; those of the
 * predicates its outcome rests on; those of the windows it or they read
 * for it: explain_rests_on), each contact (its rules', and its window's
 * when the report says whether it can be reached), and the report (every
 * fired rule's and contact's). The section is omitted when the rulebook
 * has none. */
static int collect_assumptions(report_model *m, const case_session *s, report_rule *rules) {
  const sg_rulebook *rb = s->rb;
  size_t n = sg_assumption_count(rb);
  report_section *sec = section(m, REPORT_ASSUMPTIONS);
  sec->omitted = n == 0;
  if (n == 0) return 0;
  report_assumption *all = resolve_assumptions(m, rb, n);
  unsigned char *preds = model_alloc(m, sg_pred_count(rb) + 1, 1);
  unsigned char *windows = model_alloc(m, sg_window_count(rb) + 1, 1);
  unsigned char *mine = model_alloc(m, n + 1, 1), *any = model_alloc(m, n + 1, 1);
  if (all == NULL || preds == NULL || windows == NULL || mine == NULL || any == NULL) return -1;
  for (size_t r = 0; r < m->rule_count; r++) {
    if (sg_rule_outcome(s->ctx, r) != SG_TRUE) continue;
    if (explain_rests_on(s, r, preds, windows) != 0) return -1;
    for (size_t i = 0; i < n; i++) {
      int kind;
      size_t owner;
      sg_assumption(rb, i, &kind, &owner, NULL);
      mine[i] = kind == SG_OWNER_RULE ? owner == r
              : kind == SG_OWNER_PREDICATE ? preds[owner]
              : windows[owner];
      any[i] |= mine[i];
    }
    rules[r].assumptions = marked_list(m, all, mine, n, &rules[r].assumption_count);
    if (rules[r].assumptions == NULL) return -1;
  }
  report_section *contacts = &m->sections[REPORT_CONTACTS];
  for (size_t k = 0; k < contacts->count; k++) {
    /* the model's own memory (collect_contacts), filled in here */
    report_contact *c = (report_contact *)&contacts->items.contacts[k];
    memset(mine, 0, n);
    for (size_t i = 0; i < c->rule_count; i++)
      for (size_t a = 0; a < c->rules[i]->assumption_count; a++)
        mine[c->rules[i]->assumptions[a] - all] = 1;
    for (size_t i = 0; c->hours.window != NULL && i < n; i++) {
      int kind;
      size_t owner;
      sg_assumption(rb, i, &kind, &owner, NULL);
      if (kind == SG_OWNER_WINDOW && (long)owner == c->hours.index) any[i] = mine[i] = 1;
    }
    c->assumptions = marked_list(m, all, mine, n, &c->assumption_count);
    if (c->assumptions == NULL) return -1;
  }
  sec->items.assumptions = marked_list(m, all, any, n, &sec->count);
  return sec->items.assumptions != NULL ? 0 : -1;
}

/* Why each fired rule fired, as rules[r].why. */
static int collect_explanations(report_model *m, const case_session *s, report_rule *rules) {
  m->explanations = calloc(m->rule_count + 1, sizeof *m->explanations);
  if (m->explanations == NULL) return -1;
  for (size_t r = 0; r < m->rule_count; r++) {
    if (sg_rule_outcome(s->ctx, r) != SG_TRUE) continue;
    if (explain_build(s, r, &m->explanations[r]) != 0) return -1;
    rules[r].why = &m->explanations[r];
  }
  return 0;
}

int report_model_build(report_model *m, const case_session *s, int explain) {
  const sg_rulebook *rb = s->rb;
  memset(m, 0, sizeof *m);
  m->explain = explain;
  m->title = report_str(sg_rulebook_title(rb));
  m->version = report_str(sg_rulebook_version(rb));
  m->source = report_str(sg_rulebook_source(rb));
  sg_format_date(sg_rulebook_effective(rb), m->effective);
  sg_format_datetime(s->now, m->now);
  int32_t asof = 0;
  if (sg_asof(s->ctx, &asof)) sg_format_date(asof, m->asof);
  m->asof_apart = s->asof != NULL;
  report_hex(sg_rulebook_bytecode_hash(rb), m->bytecode_hash);
  report_hex(sg_rulebook_source_hash(rb), m->source_hash);
  memcpy(m->case_hash, s->case_sha256, sizeof m->case_hash);
  m->facts = s->with_facts ? s : NULL;
  m->pred_count = sg_pred_count(rb);
  report_fact *facts = model_alloc(m, sg_fact_count(rb) + 1, sizeof *facts);
  for (size_t slot = 0; facts != NULL && slot < sg_fact_count(rb); slot++)
    facts[slot] = (report_fact){report_str(sg_fact_name(rb, slot)),
                                report_str(sg_fact_question(rb, slot))};
  m->role = s->role >= 0 ? report_str(sg_actor_name(rb, (size_t)s->role)) : NULL;
  report_rule *rules = collect_rules(m, s);
  int failed = facts == NULL || rules == NULL ||
               collect_actions(m, s, SG_RECOMMEND, REPORT_URGENT) != 0 ||
               collect_actions(m, s, SG_RECOMMEND, REPORT_RECOMMENDATIONS) != 0 ||
               collect_actions(m, s, SG_ATTENTION, REPORT_ATTENTION) != 0 ||
               collect_presumed(m, s, facts, rules) != 0 ||
               collect_contacts(m, s, facts) != 0 || collect_undetermined(m, s, facts) != 0 ||
               collect_signals(m, s) != 0 || collect_reading_list(m, rb) != 0 ||
               collect_assumptions(m, s, rules) != 0 ||
               (explain && collect_explanations(m, s, rules) != 0) ||
               collect_questions(m, s, facts) != 0;
  if (failed) report_model_free(m);
  return failed ? -1 : 0;
}

void report_model_free(report_model *m) {
  for (size_t r = 0; m->explanations != NULL && r < m->rule_count; r++)
    explain_free(&m->explanations[r]);
  free(m->explanations);
  while (m->blocks != NULL) {
    report_block *next = m->blocks->next;
    free(m->blocks);
    m->blocks = next;
  }
  memset(m, 0, sizeof *m);
}

const char *report_truth_word(sg_truth truth) {
  return truth == SG_TRUE ? "waar" : truth == SG_FALSE ? "onwaar" : "onbekend";
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
