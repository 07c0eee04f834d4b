/* replay.c — a main for a fuzz target built without libFuzzer (any C
 * compiler; `make test` builds one per target into BUILD/fuzz-replay/):
 * each FILE given, or each file in a DIRECTORY given, goes once to the
 * target's LLVMFuzzerTestOneInput, from a fresh empty folder under TMPDIR
 * (so an include in a rule text finds nothing). A broken promise aborts, as
 * under libFuzzer; the sanitizers report when the build has them
 * (`make asan`).
 *
 *   BUILD/fuzz-replay/fuzz_compile FILE|DIRECTORY...
 *
 * Prints "replayed N inputs" and exits 0 when every input passed; 2 when a
 * file cannot be read.
 */
#include <dirent.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One input: read whole into a buffer of exactly its size, then run. */
typedef struct {
  char path[PATH_MAX];
  uint8_t *data;
  size_t size;
} replay_input;

/* Read the file at `path` into *in; 0, or -1 after printing why. */
static int replay_read(const char *path, replay_input *in) {
  FILE *f = fopen(path, "rb");
  if (f == NULL || fseek(f, 0, SEEK_END) != 0) {
    fprintf(stderr, "replay: cannot read %s\n", path);
    if (f != NULL) fclose(f);
    return -1;
  }
  long size = ftell(f);
  rewind(f);
  in->data = malloc(size > 0 ? (size_t)size : 1);
  in->size = size > 0 ? (size_t)size : 0;
  int ok = in->data != NULL && size >= 0 && fread(in->data, 1, in->size, f) == in->size;
  fclose(f);
  if (!ok) {
    fprintf(stderr, "replay: cannot read %s\n", path);
    return -1;
  }
  snprintf(in->path, sizeof in->path, "%s", path);
  return 0;
}

/* Add `path` (a file, or every regular file of a directory, sorted) to the
 * inputs at *list (*count of them); 0, or -1 after printing why. */
static int replay_add(const char *path, replay_input **list, size_t *count) {
  struct stat st;
  if (stat(path, &st) != 0) {
    fprintf(stderr, "replay: cannot read %s\n", path);
    return -1;
  }
  if (!S_ISDIR(st.st_mode)) {
    replay_input *grown = realloc(*list, (*count + 1) * sizeof **list);
    if (grown == NULL) return -1;
    *list = grown;
    if (replay_read(path, &grown[*count]) != 0) return -1;
    (*count)++;
    return 0;
  }
  struct dirent **names = NULL;
  int n = scandir(path, &names, NULL, alphasort);
  int failed = n < 0;
  for (int i = 0; i < n; i++) {
    char child[PATH_MAX];
    snprintf(child, sizeof child, "%s/%s", path, names[i]->d_name);
    if (!failed && names[i]->d_name[0] != '.' && stat(child, &st) == 0 && S_ISREG(st.st_mode))
      failed = replay_add(child, list, count) != 0;
    free(names[i]);
  }
  free(names);
  return failed ? -1 : 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s FILE|DIRECTORY...\n", argv[0]);
    return 2;
  }
  replay_input *inputs = NULL;
  size_t count = 0;
  for (int i = 1; i < argc; i++)
    if (replay_add(argv[i], &inputs, &count) != 0) return 2;

  const char *tmp = getenv("TMPDIR");
  char work[PATH_MAX];
  snprintf(work, sizeof work, "%s/signaal-replay.XXXXXX", tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
  if (mkdtemp(work) == NULL || chdir(work) != 0) {
    fprintf(stderr, "replay: cannot make an empty folder to run in\n");
    return 2;
  }
  for (size_t i = 0; i < count; i++) {
    fprintf(stderr, "replay: %s\n", inputs[i].path);  /* named before it runs, in case it aborts */
    LLVMFuzzerTestOneInput(inputs[i].data, inputs[i].size);
    free(inputs[i].data);
  }
  free(inputs);
  if (chdir("/") != 0 || rmdir(work) != 0) fprintf(stderr, "replay: cannot remove %s\n", work);
  printf("replayed %zu inputs\n", count);
  return 0;
}
