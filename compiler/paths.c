/* paths.c — the name under which the image keeps a source file (META's
 * file list, LINES, the source hash, the manifest): the main file by its
 * base name, every other file by its path relative to the main file's
 * directory, normalized ('/' only, no '.', no 'a/..', no doubled slashes).
 * So how a path was typed, and from which directory, never reaches the
 * bytes: `rules/x.rules`, `./rules/x.rules`, `/abs/rules/x.rules` and `x.rules`
 * from inside rules/ compile alike. Diagnostics keep the path as typed
 * (source_file.name), which is one a user can open.
 *
 * Paths are taken apart as text, not looked up on disk (no realpath): the
 * same tree gives the same names wherever it lies, and a file that is read
 * was found through exactly this text.
 */
#include "compiler.h"

#include <string.h>
#include <unistd.h>

/* A path as its components: `abs` when it starts at the root. Components
 * point into `buf`, a copy the split owns. */
typedef struct path_parts {
  char *buf;
  const char **part;
  size_t count;
  int abs;
} path_parts;

/* Split `path` into components, dropping empty ones and ".", and folding
 * "name/.." (a ".." at the root stays at the root; leading ".." of a
 * relative path stay). */
static path_parts path_split(sgc_compiler *c, const char *path) {
  path_parts p;
  p.buf = sgc_strdup(c, path);
  p.part = sgc_alloc(c, (strlen(path) / 2 + 1) * sizeof *p.part);
  p.count = 0;
  p.abs = path[0] == '/';
  for (char *save = NULL, *s = strtok_r(p.buf, "/", &save); s; s = strtok_r(NULL, "/", &save)) {
    if (strcmp(s, ".") == 0) continue;
    if (strcmp(s, "..") == 0) {
      if (p.count > 0 && strcmp(p.part[p.count - 1], "..") != 0) {
        p.count--;
        continue;
      }
      if (p.abs) continue; /* "/.." is "/" */
    }
    p.part[p.count++] = s;
  }
  return p;
}

/* Join components [from, count) of `p` behind `ups` times "../". */
static char *path_join(sgc_compiler *c, const path_parts *p, size_t from, size_t ups) {
  size_t len = 3 * ups + 1;
  for (size_t i = from; i < p->count; i++) len += strlen(p->part[i]) + 1;
  char *out = sgc_alloc(c, len), *at = out;
  for (size_t i = 0; i < ups; i++, at += 3) memcpy(at, "../", 3);
  for (size_t i = from; i < p->count; i++) {
    size_t n = strlen(p->part[i]);
    memcpy(at, p->part[i], n);
    at += n;
    *at++ = '/';
  }
  if (at > out) at--; /* no trailing slash */
  *at = '\0';
  return out;
}

/* `path` as an absolute path, lexically: a relative one behind the current
 * directory. When the current directory cannot be known, the path stays
 * relative, and names are then relative to it (still the same for
 * spellings that do not climb above it). */
static const char *path_absolute(sgc_compiler *c, const char *path) {
  if (path[0] == '/') return path;
  if (!c->cwd) {
    char buf[4096];
    c->cwd = getcwd(buf, sizeof buf) ? sgc_strdup(c, buf) : "";
  }
  if (!c->cwd[0]) return path;
  size_t n = strlen(c->cwd), m = strlen(path);
  char *out = sgc_alloc(c, n + m + 2);
  memcpy(out, c->cwd, n);
  out[n] = '/';
  memcpy(out + n + 1, path, m + 1);
  return out;
}

char *source_stored_name(sgc_compiler *c, const char *name) {
  path_parts file = path_split(c, path_absolute(c, name));
  if (c->files.count == 0) { /* the main file: its base name; its directory for the others */
    c->main_dir = sgc_alloc(c, sizeof *c->main_dir);
    *c->main_dir = file;
    if (c->main_dir->count > 0) c->main_dir->count--;
    return file.count > 0 ? sgc_strdup(c, file.part[file.count - 1]) : sgc_strdup(c, name);
  }
  const path_parts *dir = c->main_dir;
  size_t common = 0;
  if (dir->abs == file.abs)
    while (common < dir->count && common < file.count &&
           strcmp(dir->part[common], file.part[common]) == 0)
      common++;
  return path_join(c, &file, common, dir->count - common);
}
