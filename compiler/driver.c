/* driver.c — the compiler's public API (signaal_compiler.h): reading source
 * files and their includes, running the phases in order (parse, check,
 * generate), and handing out diagnostics, the image and the examples.
 */
#include "compiler.h"
#include "check.h"
#include "readfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

sgc_compiler *sgc_new(void) {
  sgc_compiler *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->arena = arena_new();
  if (!c->arena) {
    free(c);
    return NULL;
  }
  c->decls_tail = &c->decls;
  c->max_file_size = SGC_DEFAULT_MAX_FILE_SIZE;
  c->max_errors = SGC_DEFAULT_MAX_ERRORS;
  return c;
}

void sgc_set_max_errors(sgc_compiler *c, int errors) { c->max_errors = errors > 0 ? errors : 0; }

void sgc_set_max_file_size(sgc_compiler *c, size_t bytes) {
  if (bytes == 0) bytes = SGC_DEFAULT_MAX_FILE_SIZE;
  c->max_file_size = bytes < SGC_MAX_FILE_SIZE_LIMIT ? bytes : SGC_MAX_FILE_SIZE_LIMIT;
}

/* "'PATH' is larger than N bytes, the limit for a rule file", at `from`. */
static void driver_too_large(sgc_compiler *c, ast_loc from, const char *path) {
  diag_error(c, from, "'%s' is larger than %zu bytes, the limit for a rule file", path,
             c->max_file_size);
}

void sgc_free(sgc_compiler *c) {
  if (!c) return;
  arena_free(c->arena); /* file texts, nodes, diagnostics and the image live here */
  free(c);
}

int source_add(sgc_compiler *c, const char *name, const char *text, size_t len) {
  char *stored = source_stored_name(c, name); /* before the push: the first is the main file */
  source_file *f = VEC_PUSH(c, c->files);
  f->name = sgc_strdup(c, name);
  f->stored = stored;
  f->text = sgc_strndup(c, text, len);
  f->size = len;
  f->seen_line = 0;
  f->seen_at = 0;
  return (int)(c->files.count - 1);
}

int source_read(sgc_compiler *c, const char *path, ast_loc from) {
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    diag_error(c, from, "cannot read '%s': %s", path, strerror(errno));
    return -1;
  }
  char *buf = NULL;
  size_t len = 0;
  int error = sgr_read_stream(fp, c->max_file_size, &buf, &len);
  fclose(fp);
  if (error == ENOMEM) compiler_oom(c);  /* nothing is held: the reader freed it */
  if (error != 0) {
    if (error == EFBIG) driver_too_large(c, from, path);
    else diag_error(c, from, "cannot read '%s': %s", path, strerror(error));
    return -1;
  }
  c->reading = buf;  /* source_add may jump out: then driver_compile frees it */
  int idx = source_add(c, path, buf, len);
  c->reading = NULL;
  free(buf);
  return idx;
}

/* Has the file at `path` been read already (same device and inode)? */
static int driver_already_read(sgc_compiler *c, const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) return 0;
  for (size_t i = 0; i < c->files.count; i++) {
    struct stat other;
    if (stat(c->files.items[i].name, &other) == 0 && other.st_dev == st.st_dev &&
        other.st_ino == st.st_ino)
      return 1;
  }
  return 0;
}

char *source_resolve(sgc_compiler *c, const char *from, const char *path) {
  const char *slash = strrchr(from, '/');
  if (path[0] == '/' || !slash) return sgc_strdup(c, path);
  size_t dir = (size_t)(slash - from) + 1, n = strlen(path);
  char *out = sgc_alloc(c, dir + n + 1);
  memcpy(out, from, dir);
  memcpy(out + dir, path, n + 1);
  /* fold "name/../" so messages show rules/examples/x.json, not rules/a/../examples/x.json */
  for (char *up; (up = strstr(out, "/../")) != NULL;) {
    char *start = up;
    while (start > out && start[-1] != '/') start--;
    if (up - start == 2 && start[0] == '.' && start[1] == '.') break; /* "../../" stays */
    if (start == up) break;
    memmove(start, up + 4, strlen(up + 4) + 1);
  }
  return out;
}

/* Parse `file` and, recursively, the files it includes, returning its
 * declarations with each included file's declarations at the include.
 * `depth` counts the includes above it: at most SGC_MAX_INCLUDE_DEPTH, so
 * a hostile chain of includes cannot overflow the C stack. */
static ast_decl *driver_read_decls(sgc_compiler *c, int file, int depth) {
  ast_decl *saved = c->decls, **saved_tail = c->decls_tail;
  c->decls = NULL;
  c->decls_tail = &c->decls;
  parse_file(c, file);
  ast_decl *list = c->decls;
  c->decls = saved;
  c->decls_tail = saved_tail;

  for (ast_decl *d = list; d; d = d->next) {
    if (d->kind != DECL_INCLUDE) continue;
    char *path = source_resolve(c, c->files.items[file].name, d->text);
    if (depth >= SGC_MAX_INCLUDE_DEPTH) {
      diag_error(c, d->name_loc, "includes nest more than %d files deep; include the files from "
                 "fewer levels", SGC_MAX_INCLUDE_DEPTH);
      continue;
    }
    if (driver_already_read(c, path)) {
      diag_error(c, d->name_loc, "'%s' is already part of the rulebook (included twice, or a cycle)",
                 path);
      continue;
    }
    int idx = source_read(c, path, d->name_loc);
    if (idx < 0) continue;
    ast_decl *sub = driver_read_decls(c, idx, depth + 1);
    if (!sub) continue;
    ast_decl *last = sub;
    while (last->next) last = last->next;
    last->next = d->next;
    d->next = sub;
    d = last;
  }
  return list;
}

/* Append a list of declarations to the rulebook's. */
static void driver_append(sgc_compiler *c, ast_decl *list) {
  *c->decls_tail = list;
  while (*c->decls_tail) c->decls_tail = &(*c->decls_tail)->next;
}

/* What one compile reads: the named files, or one text. */
typedef struct {
  const char *const *paths; size_t npaths;
  int is_text; const char *name, *text; size_t len;
} driver_input;

/* Put the input into c->files; returns how many files could be read. */
static size_t driver_read_input(sgc_compiler *c, const driver_input *in) {
  ast_loc none = { -1, 0, 0, 0 };
  if (in->is_text) {
    if (in->len > c->max_file_size) {
      driver_too_large(c, none, in->name);
      return 0;
    }
    source_add(c, in->name, in->text, in->len);
    return 1;
  }
  size_t ok = 0;
  for (size_t i = 0; i < in->npaths; i++) {
    if (driver_already_read(c, in->paths[i])) {
      diag_error(c, none, "'%s' is given twice", in->paths[i]);
      continue;
    }
    if (source_read(c, in->paths[i], none) >= 0) ok++;
  }
  if (in->npaths == 0) diag_error(c, none, "no rule files given");
  return ok;
}

/* Run all phases over the files already in c->files[0..nfiles). */
static void driver_phases(sgc_compiler *c, size_t nfiles) {
  if (c->errors) return;
  for (size_t i = 0; i < nfiles; i++) driver_append(c, driver_read_decls(c, (int)i, 0));
  if (c->errors) return;
  if (document_read(c)) return;
  if (check_rulebook(c)) return;
  gen_image(c);
}

/* The one jump frame of a compile: an allocation failure anywhere below
 * lands here and counts as an error (sgc_out_of_memory says which). Only a
 * file being read is held outside the arena (the scanner and the parser's
 * stack live in it). c->oom is restored before returning, so it never
 * points into a frame that is gone. */
static int driver_compile(sgc_compiler *c, const driver_input *in) {
  jmp_buf oom, *saved = c->oom;
  c->oom = &oom;
  if (setjmp(oom)) {
    c->errors++; /* cannot add a diagnostic: memory is gone */
    free(c->reading);
    c->reading = NULL;
  } else {
    driver_phases(c, driver_read_input(c, in));
  }
  if (c->errors_dropped > 0 && !setjmp(oom)) diag_finish(c);
  c->oom = saved;
  return c->errors;
}

int sgc_compile_files(sgc_compiler *c, const char *const *paths, size_t n) {
  if (c->compiled++) return -1;
  driver_input in = { paths, n, 0, NULL, NULL, 0 };
  return driver_compile(c, &in);
}

int sgc_compile_string(sgc_compiler *c, const char *name, const char *text, size_t len) {
  if (c->compiled++) return -1;
  driver_input in = { NULL, 0, 1, name, text, len };
  return driver_compile(c, &in);
}

int sgc_out_of_memory(const sgc_compiler *c) { return c->out_of_memory; }

size_t sgc_diagnostic_count(const sgc_compiler *c) { return c->diags.count; }

const sgc_diagnostic *sgc_diagnostic_at(const sgc_compiler *c, size_t i) {
  return i < c->diags.count ? &c->diags.items[i] : NULL;
}

const uint8_t *sgc_image(const sgc_compiler *c, size_t *size) {
  if (c->errors || !c->image) {
    if (size) *size = 0;
    return NULL;
  }
  if (size) *size = c->image_size;
  return c->image;
}

size_t sgc_example_count(const sgc_compiler *c) { return c->errors ? 0 : c->examples.count; }

const sgc_example *sgc_example_at(const sgc_compiler *c, size_t i) {
  return i < sgc_example_count(c) ? &c->examples.items[i] : NULL;
}

size_t sgc_assumption_count(const sgc_compiler *c) {
  return c->errors ? 0 : c->assumptions.count;
}

const sgc_position *sgc_assumption_at(const sgc_compiler *c, size_t i) {
  return i < sgc_assumption_count(c) ? &c->assumptions.items[i] : NULL;
}

/* The index of entry `entry` of table `table` among c->entry_keys, or -1. */
static long entry_index(const sgc_compiler *c, size_t table, size_t entry) {
  if (c->errors || table >= c->table_first.count) return -1;
  size_t first = c->table_first.items[table];
  size_t end = table + 1 < c->table_first.count ? c->table_first.items[table + 1]
                                                : c->entry_keys.count;
  return entry < end - first ? (long)(first + entry) : -1;
}

const sgc_position *sgc_entry_at(const sgc_compiler *c, size_t table, size_t entry) {
  long i = entry_index(c, table, entry);
  return i < 0 ? NULL : &c->entry_keys.items[i];
}

int sgc_declaration_at(const sgc_compiler *c, const char *name, sgc_position *out) {
  if (c->errors || name == NULL) return 0;
  const ast_decl *d = symbol_find((sgc_compiler *)c, name);  /* only reads */
  if (d == NULL || d->name_loc.file < 0 || (size_t)d->name_loc.file >= c->files.count) return 0;
  out->file = c->files.items[d->name_loc.file].stored;
  out->path = c->files.items[d->name_loc.file].name;
  out->line = d->name_loc.line;
  out->column = d->name_loc.column;
  return 1;
}

size_t sgc_document_count(const sgc_compiler *c) { return c->errors ? 0 : c->documents.count; }

const sgc_document *sgc_document_at(const sgc_compiler *c, size_t i) {
  return i < sgc_document_count(c) ? &c->documents.items[i] : NULL;
}

size_t sgc_citation_count(const sgc_compiler *c) { return c->errors ? 0 : c->citations.count; }

const sgc_citation *sgc_citation_at(const sgc_compiler *c, size_t i) {
  return i < sgc_citation_count(c) ? &c->citations.items[i] : NULL;
}

const sgc_position *sgc_entry_checked_at(const sgc_compiler *c, size_t table, size_t entry) {
  long i = entry_index(c, table, entry);
  return i < 0 || c->entry_checked.items[i].line == 0 ? NULL : &c->entry_checked.items[i];
}
