/* gitrev.h — a rule file at a git revision (`REV:path`, as `git show`
 * takes it) made into files the compiler can read: the revision's copy of
 * the file's directory (`git archive REV -- DIR | tar -x`) in a new
 * temporary directory, so that its includes and case files, relative to
 * the main file, come along. Git runs as a child process, never through a
 * shell; every error names the operand and exits the command with 2.
 */
#ifndef SG_CLI_GITREV_H
#define SG_CLI_GITREV_H

/* Files of a revision on disk. */
typedef struct {
  char *dir;       /* the temporary directory (removed by gitrev_remove) */
  char *tree;      /* DIR/tree/: the repository's top at the revision */
  char *file;      /* the file itself, under `tree` */
  char *shown;     /* "REV:PATH" with PATH from the repository's top: the
                      name messages use for the file */
} gitrev_files;

/* Whether `operand` is REV:PATH rather than a file: no file of that name
 * exists and it has a ':' after at least one character. */
int gitrev_is_revision(const char *operand);

/* Check out REV:PATH (`operand`) into a new temporary directory. Returns 0
 * and fills *out; otherwise prints "signaal COMMAND: error: OPERAND: …"
 * (an unknown revision, a path not in it, no git, not a repository),
 * leaves nothing behind and returns -1. */
int gitrev_checkout(const char *command, const char *operand, gitrev_files *out);

/* Remove the temporary directory with all it holds, and free *f. */
void gitrev_remove(gitrev_files *f);

#endif
