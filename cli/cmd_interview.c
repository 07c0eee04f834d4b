/* cmd_interview.c — `signaal interview`: a question-and-answer session in
 * Dutch that asks the open question that settles most, re-evaluates after
 * each answer, then prints the text report and can save the facts as a case
 * file. Reads answers line by line, so it works on a terminal and in a pipe.
 */
#include "answers.h"
#include "cli.h"
#include "fileio.h"
#include "oom.h"
#include "questions.h"
#include "report.h"
#include "session.h"
#include "value.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "signaal.h"
#include "signaal_compiler.h"

/* Invalid answers to one question before it is left unknown. */
#define INTERVIEW_MAX_INVALID 3

/* One interview: the case session, and the arrays (sg_fact_count(rb) + 1
 * entries, owned here); `line` is file_read_line's buffer, also owned. */
typedef struct {
  case_session s;
  unsigned char *asked;    /* the fact was asked in this session: never ask it again */
  sg_question *questions;
  int terminal;            /* standard input is a terminal */
  char *line;
  size_t line_cap;
  int read_errno;          /* non-zero when reading standard input failed */
  int optional;            /* --optional: the optional questions are asked too */
  size_t answered, unknown;
} interview;

/* How a question ended. */
typedef enum { ASK_NEXT, ASK_STOP, ASK_EOF, ASK_NOMEM } ask_result;

/* How many rules are still undetermined. */
static size_t count_undetermined(const interview *iv) {
  return questions_undetermined(iv->s.ctx, iv->s.rb);
}

/* "Nog N regels onbeslist." or that all are decided. */
static void print_progress(const interview *iv) {
  size_t open = count_undetermined(iv);
  if (open == 0) puts("Alle regels zijn beslist.");
  else printf("Nog %zu %s onbeslist.\n", open, open == 1 ? "regel" : "regels");
}

/* The slot of the most useful open question not asked yet, or -1; *open
 * gets the number of open questions, asked or not, and *optional_left the
 * optional ones not asked yet (skipped without --optional). */
static long next_question(interview *iv, size_t *open, size_t *optional_left) {
  size_t cap = sg_fact_count(iv->s.rb) + 1;
  size_t count = sg_open_questions(iv->s.ctx, iv->questions, cap);
  *open = count;
  if (count > cap) count = cap; /* cannot happen: a question is a fact */
  size_t kept = questions_filter(iv->questions, count, iv->asked, iv->optional, optional_left);
  return kept > 0 ? (long)iv->questions[0].slot : -1;
}

/* The question for the fact at `slot`, with an enum's numbered values. */
static void print_question(const interview *iv, size_t slot) {
  const char *question = sg_fact_question(iv->s.rb, slot);
  printf("Vraag %zu (%s%s%s)\n", iv->answered + iv->unknown + 1, sg_fact_name(iv->s.rb, slot),
         sg_fact_protected(iv->s.rb, slot) ? ", beschermd gegeven" : "",
         sg_fact_optional(iv->s.rb, slot) ? ", optioneel" : "");
  if (question != NULL && question[0] != '\0') puts(question);
  if (value_type_listed(sg_fact_type(iv->s.rb, slot))) {
    size_t count = sg_fact_enum_count(iv->s.rb, slot);
    for (size_t i = 0; i < count; i++)
      printf("  %zu. %s\n", i + 1, sg_fact_enum_value(iv->s.rb, slot, i));
  }
}

/* Prompt and read one line into iv->line, at most the case-file limit
 * long (--max-case-size: an endless line, such as /dev/zero, ends at
 * once). Returns 0; -1 at the end of the input, on a read error or a line
 * past the limit (recorded in iv->read_errno: EFBIG); -2 when out of
 * memory, which is no end of the input. */
static int read_answer(interview *iv, size_t slot) {
  printf("Antwoord (%s): ", value_answer_hint(iv->s.rb, slot));
  fflush(stdout);
  errno = 0;
  long got = file_read_line(stdin, iv->s.max_case_size, &iv->line, &iv->line_cap);
  if (got <= 0) {
    int error = got == -2 ? EFBIG : errno;
    if (got == -1 && error == ENOMEM) return -2;
    if (got < 0) iv->read_errno = error != 0 ? error : EIO;
    putchar('\n'); /* end the prompt's line: Ctrl-D does not */
    return -1;
  }
  /* A terminal echoes the answer and its Enter; in a pipe nothing does, and
   * the answer is not repeated here: only the line is ended. */
  if (!iv->terminal) putchar('\n');
  return 0;
}

/* Ask about the fact at `slot` until it has a valid answer, is left
 * unknown, or the session ends. */
static ask_result ask(interview *iv, size_t slot) {
  print_question(iv, slot);
  iv->asked[slot] = 1;
  for (int invalid = 0;;) {
    int read = read_answer(iv, slot);
    if (read == -2) return ASK_NOMEM;
    if (read != 0) return ASK_EOF;
    char problem[ANSWER_PROBLEM_MAX];
    cli_value value;
    answer_kind kind = answer_read(iv->s.rb, slot, iv->line, &value, problem);
    if (kind == ANSWER_VALUE) {
      sg_status status = session_set(&iv->s, slot, &value);
      if (status == SG_ERR_NOMEM) return ASK_NOMEM;
      if (status != SG_OK) { /* a setter refused a value the codec read */
        snprintf(problem, sizeof problem, "Deze waarde kan niet worden ingevuld.");
        kind = ANSWER_INVALID;
      }
    }
    switch (kind) {
    case ANSWER_VALUE:
      iv->answered++;
      return ASK_NEXT;
    case ANSWER_UNKNOWN:
      puts("Genoteerd als onbekend.");
      iv->unknown++;
      return ASK_NEXT;
    case ANSWER_STOP: return ASK_STOP;
    case ANSWER_INVALID:
      puts(problem);
      if (++invalid >= INTERVIEW_MAX_INVALID) {
        puts("Na drie ongeldige antwoorden blijft deze vraag onbekend.");
        iv->unknown++;
        return ASK_NEXT;
      }
      break;
    }
  }
}

/* The questions, until none is left or the case worker stops. Returns an
 * exit code: 0, CLI_EXIT_INPUT when evaluation fails, CLI_EXIT_IO when out
 * of memory. */
static int run_session(interview *iv) {
  const char *title = sg_rulebook_title(iv->s.rb);
  printf("Interview: %s\n", title != NULL ? title : "regelboek");
  puts("Beantwoord de vragen. Typ onbekend (of ?) als u het antwoord niet weet,\n"
       "en stop om te stoppen.");
  print_progress(iv);
  for (;;) {
    size_t open = 0, optional_left = 0;
    long slot = next_question(iv, &open, &optional_left);
    if (slot < 0) {
      putchar('\n');
      if (optional_left > 0)
        printf("De vragen die het advies kunnen beslissen, zijn gesteld. Er %s nog %zu "
               "optionele %s over de achtergrond; stel ze met --optional.\n",
               optional_left == 1 ? "is" : "zijn", optional_left,
               optional_left == 1 ? "vraag" : "vragen");
      else if (count_undetermined(iv) == 0 && open == 0) puts("Er zijn geen vragen meer.");
      else if (open > 0)
        puts("Er zijn geen nieuwe vragen meer; de rest is als onbekend beantwoord.");
      else puts("Er zijn geen vragen meer die een onbesliste regel kunnen beslissen.");
      break;
    }
    putchar('\n');
    ask_result result = ask(iv, (size_t)slot);
    if (result == ASK_NOMEM) return oom_error("signaal interview");
    if (result == ASK_STOP) {
      puts("Het interview is gestopt.");
      break;
    }
    if (result == ASK_EOF) {
      puts("Einde van de invoer; het interview stopt.");
      break;
    }
    if (session_eval(&iv->s) != CLI_EXIT_OK) return CLI_EXIT_INPUT;
    print_progress(iv);
  }
  printf("Beantwoord: %zu, onbekend gelaten: %zu.\n\n", iv->answered, iv->unknown);
  return CLI_EXIT_OK;
}

/* ---- Saving the facts ---------------------------------------------------- */

/* "PATH: error: cannot write: REASON", exit 3. */
static int write_error(const char *path, const char *reason) {
  fprintf(stderr, "%s: error: cannot write: %s\n", path, reason);
  return CLI_EXIT_IO;
}

/* Before any question: whether --save's file can be written, so that no
 * answers are given in vain. The folder must be writable (the file is
 * replaced by a rename) and the path must not be a folder. */
static int check_save_target(const char *path) {
  struct stat st;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return write_error(path, strerror(EISDIR));
  const char *slash = strrchr(path, '/');
  size_t dir_len = slash == NULL ? 0 : (slash == path ? 1 : (size_t)(slash - path));
  char *dir = malloc(dir_len + 2);
  if (dir == NULL) return oom_error("signaal interview");
  if (dir_len == 0) strcpy(dir, ".");
  else {
    memcpy(dir, path, dir_len);
    dir[dir_len] = '\0';
  }
  int ok = access(dir, W_OK | X_OK) == 0;
  int error = errno;
  free(dir);
  return ok ? CLI_EXIT_OK : write_error(path, strerror(error));
}

/* The case file to save: the known facts (unknown ones left out, in fact
 * order) as JSON ending in a newline, in memory. */
typedef struct {
  char *data;    /* owned; NULL until made */
  size_t len;
  size_t count;  /* facts in it */
} saved_case;

/* Make the case file of the session's known facts into *out; an exit code
 * (out of memory anywhere, in jansson too: oom.h). */
static int save_make(const case_session *s, saved_case *out) {
  unsigned long since = oom_json_failures();
  json_t *object = session_facts_json(s);
  size_t len = 0, count = object == NULL ? 0 : json_object_size(object);
  char *text = oom_json_text(object, JSON_INDENT(2) | JSON_PRESERVE_ORDER, since, &len);
  json_decref(object);
  if (text == NULL) return oom_error("signaal interview");
  *out = (saved_case){text, len, count};
  return CLI_EXIT_OK;
}

/* Write the case file to `path` atomically and say so; an exit code. */
static int save_write(const char *path, const saved_case *saved) {
  char why[256] = "";
  if (sgc_write_atomic(path, saved->data, saved->len, why, sizeof why) != 0) {
    why[sizeof why - 1] = '\0';
    return write_error(path, why[0] != '\0' ? why : "unknown reason");
  }
  printf("\n%zu %s bewaard in %s.\n", saved->count, saved->count == 1 ? "feit" : "feiten", path);
  return CLI_EXIT_OK;
}

/* ---- The command ---------------------------------------------------------- */

/* Free what the interview owns, its session too. */
static void interview_free(interview *iv) {
  free(iv->asked);
  free(iv->questions);
  free(iv->line);
  session_close(&iv->s);
}

/* Set up the session on the loaded rulebook, run it, report and save. The
 * report and the case file are made in memory before either is written:
 * out of memory then prints no report (only the questions went before). */
static int run_interview(const cli_args *args) {
  const sg_rulebook *rb = args->rulebook;
  interview iv;
  memset(&iv, 0, sizeof iv);
  int code = session_open(&iv.s, "interview", rb);
  if (code != CLI_EXIT_OK) return code;
  iv.asked = calloc(sg_fact_count(rb) + 1, 1);
  iv.questions = calloc(sg_fact_count(rb) + 1, sizeof *iv.questions);
  iv.terminal = isatty(STDIN_FILENO);
  iv.optional = args->optional;
  if (iv.asked == NULL || iv.questions == NULL) {
    interview_free(&iv);
    return oom_error("signaal interview");
  }
  iv.s.asof = args->asof;
  iv.s.max_case_size = args->max_case_size;
  code = session_set_role(&iv.s, args->role);
  if (code == CLI_EXIT_OK) code = session_start(&iv.s, args->facts, args->now);
  if (code == CLI_EXIT_OK) code = run_session(&iv);
  char *report = NULL;
  size_t report_size = 0;
  saved_case saved = {NULL, 0, 0};
  if (code == CLI_EXIT_OK) code = report_render(&iv.s, NULL, 0, &report, &report_size);
  if (code == CLI_EXIT_OK && args->save != NULL) code = save_make(&iv.s, &saved);
  if (code == CLI_EXIT_OK) fwrite(report, 1, report_size, stdout);
  if (code == CLI_EXIT_OK && args->save != NULL) code = save_write(args->save, &saved);
  free(report);
  free(saved.data);
  if (code == CLI_EXIT_OK && iv.read_errno == EFBIG) {
    fprintf(stderr, "signaal interview: error: an answer longer than %zu bytes, the limit for a "
            "case file (--max-case-size)\n", iv.s.max_case_size);
    code = CLI_EXIT_INPUT;
  } else if (code == CLI_EXIT_OK && iv.read_errno != 0) {
    fprintf(stderr, "signaal interview: error: cannot read standard input: %s\n",
            strerror(iv.read_errno));
    code = CLI_EXIT_IO;
  }
  interview_free(&iv);
  return code;
}

/* Before loading: standard input holds the answers, and --save's file
 * must be writable before any question is asked. */
static int check_interview(const cli_args *args) {
  if (strcmp(args->operands[0], "-") == 0 || (args->facts != NULL && strcmp(args->facts, "-") == 0))
    return args_usage_error("interview", "standard input holds the answers; give the rulebook "
                                         "and the case as files");
  return args->save != NULL ? check_save_target(args->save) : CLI_EXIT_OK;
}

const cli_command command_interview = {
  .name = "interview", .operand = "RULEBOOK", .loads = 1, .check = check_interview,
  .run = run_interview,
  .summary = "ask for a case's unknown facts, in Dutch, then print the advice",
  .options = (const cli_use[]){
    {OPT_FACTS, "start from this case file (facts it gives are not asked)", NULL},
    {OPT_NOW, NULL, NULL}, {OPT_SAVE, NULL, NULL}, {OPT_OPTIONAL, NULL, NULL},
    {OPT_ROLE, NULL, NULL}, {OPT_ASOF, NULL, NULL}, {OPT_MAX_CASE_SIZE, NULL, NULL},
    {OPT_MAX_RULE_SIZE, NULL, NULL},
    {0, NULL, NULL}},
  .about =
    "Ask a case worker, in Dutch, for the facts that are still unknown: each\n"
    "time the open question that can settle the most undetermined rules (or\n"
    "change advice that rests on an unknown exception), with the kind of answer\n"
    "it expects. After each answer the case is evaluated again and the number\n"
    "of undetermined rules shown. Questions the rulebook marks optional\n"
    "(context, such as risk factors at home) are not asked unless --optional is\n"
    "given; the session says how many remain. The session ends when nothing is\n"
    "left to ask, on 'stop' or at the end of the input; then the text report is\n"
    "printed (as by 'signaal eval').\n"
    "\n"
    "Answers are read line by line from standard input, so a script can pipe\n"
    "them in. bool: ja/nee (j/n, true/false); enum: the number or the name of a\n"
    "value; int: a whole number; date: YYYY-MM-DD; datetime: YYYY-MM-DDTHH:MM;\n"
    "text: any line. 'onbekend' or '?' leaves a fact unknown (it is not asked\n"
    "again); 'stop' ends the questions. An invalid answer is asked again, three\n"
    "times at most. Answers are not repeated in the output or in messages.\n"
    "\n"
    "RULEBOOK is a compiled rulebook (.rbc) or a .rules file.\n",
  .examples =
    "  signaal interview rules/uitbuiting.rules --save zaak.json\n"
    "  signaal interview build/uitbuiting.rbc --facts zaak.json --now 2016-11-08T12:00\n"
    "  printf 'ja\\nonbekend\\nstop\\n' | signaal interview build/uitbuiting.rbc\n",
};
