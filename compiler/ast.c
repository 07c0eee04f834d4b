/* ast.c — the compiler's arena (bump allocation, freed at once) and the
 * constructors of syntax tree nodes used by the grammar actions.
 */
#include "compiler.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 65536

typedef struct arena_block {
  struct arena_block *next;
  size_t used, size;
  max_align_t data[];
} arena_block;

struct arena {
  arena_block *head;
};

arena *arena_new(void) {
  return calloc(1, sizeof(arena));
}

void arena_free(arena *a) {
  if (!a) return;
  for (arena_block *b = a->head, *next; b; b = next) {
    next = b->next;
    free(b);
  }
  free(a);
}

void *arena_alloc(arena *a, size_t size) {
  size = (size + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
  arena_block *b = a->head;
  if (!b || b->size - b->used < size) {
    size_t cap = size > ARENA_BLOCK ? size : ARENA_BLOCK;
    b = malloc(sizeof(arena_block) + cap);
    if (!b) return NULL;
    b->next = a->head;
    b->used = 0;
    b->size = cap;
    a->head = b;
  }
  void *p = (char *)b->data + b->used;
  b->used += size;
  memset(p, 0, size);
  return p;
}

char *arena_strndup(arena *a, const char *s, size_t n) {
  char *p = arena_alloc(a, n + 1);
  if (!p) return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

void *sgc_alloc(sgc_compiler *c, size_t size) {
  void *p = arena_alloc(c->arena, size);
  if (!p) compiler_oom(c);
  return p;
}

/* An allocation failed: the compile ends at the jump frame of
 * driver_compile, which frees what is not in the arena. */
_Noreturn void compiler_oom(sgc_compiler *c) {
  c->out_of_memory = 1;
  longjmp(*c->oom, 1);
}

char *sgc_strndup(sgc_compiler *c, const char *s, size_t n) {
  char *p = sgc_alloc(c, n + 1);
  memcpy(p, s, n);
  return p;
}

char *sgc_strdup(sgc_compiler *c, const char *s) {
  return sgc_strndup(c, s, strlen(s));
}

void *vec_push_(sgc_compiler *c, void **items, size_t *count, size_t *cap, size_t elem) {
  if (*count == *cap) {
    size_t ncap = *cap ? *cap * 2 : 8;
    void *n = sgc_alloc(c, ncap * elem); /* the arena keeps the old copy: fine */
    if (*count) memcpy(n, *items, *count * elem);
    *items = n;
    *cap = ncap;
  }
  void *slot = (char *)*items + *count * elem;
  memset(slot, 0, elem);
  (*count)++;
  return slot;
}

ast_expr *ast_new_expr(sgc_compiler *c, ast_expr_kind kind, ast_loc loc) {
  ast_expr *e = sgc_alloc(c, sizeof *e);
  e->kind = kind;
  e->loc = loc;
  e->depth = 1;
  return e;
}

ast_clause *ast_new_clause(sgc_compiler *c, ast_clause_kind kind, ast_loc loc) {
  ast_clause *cl = sgc_alloc(c, sizeof *cl);
  cl->kind = kind;
  cl->loc = loc;
  return cl;
}

ast_item *ast_new_item(sgc_compiler *c, ast_loc loc) {
  ast_item *it = sgc_alloc(c, sizeof *it);
  it->loc = loc;
  return it;
}

ast_decl *ast_new_decl(sgc_compiler *c, ast_decl_kind kind, ast_loc loc) {
  ast_decl *d = sgc_alloc(c, sizeof *d);
  d->kind = kind;
  d->loc = loc;
  return d;
}
