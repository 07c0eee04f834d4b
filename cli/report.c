/* report.c — the registry of report formats (name, help line, writer) and
 * writing a session's report in one (the model and the JSON writer are
 * json/report_model.c and json/output_json.c).
 */
#include "report.h"
#include "cli.h"
#include "oom.h"
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

int render_json(FILE *out, const report_model *m) {
  char *text = report_json_text(m);
  if (text == NULL) return CLI_EXIT_IO;
  fputs(text, out);
  free(text);
  return CLI_EXIT_OK;
}

/* Write the model in `format` into a memory stream; an exit code. A
 * failed write to the stream (its buffer could not grow) or any allocation
 * jansson could not make (oom.h) is out of memory too. */
static int report_render_model(const report_model *m, const report_format *format, char **text,
                               size_t *size) {
  unsigned long json_failures = oom_json_failures();
  FILE *mem = open_memstream(text, size);
  if (mem == NULL) return CLI_EXIT_IO;
  int code = format->write(mem, m);
  if (ferror(mem)) code = CLI_EXIT_IO;
  if (fclose(mem) != 0 || oom_json_failures() != json_failures) code = CLI_EXIT_IO;
  return code;
}

int report_render(const case_session *s, const report_format *format, int explain, char **text,
                  size_t *size) {
  if (format == NULL) format = &report_formats[0];
  *text = NULL;
  *size = 0;
  report_model m;
  int code = CLI_EXIT_IO;
  if (report_model_build(&m, s, format->explains || explain) == 0) {
    code = report_render_model(&m, format, text, size);
    report_model_free(&m);
  }
  if (code == CLI_EXIT_OK) return code;
  free(*text);
  *text = NULL;
  *size = 0;
  char who[64];
  snprintf(who, sizeof who, "signaal %s", s->command);
  return code == CLI_EXIT_IO ? oom_error(who) : code;
}
