/* load.c — sg_rulebook_load: copies the image, checks the header and the
 * section directory (rules 1 and 2 of docs/bytecode.md §Verification), then
 * hands the sections to decode.c and the code to verify.c. Nothing is
 * returned to the caller before every check has passed.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

sg_status load_fail(sg_error *err, long offset, const char *fmt, ...) {
  if (err) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    err->offset = offset;
  }
  return SG_ERR_FORMAT;
}

/* Rule 1: size, magic, version, size field, CRC, reserved bytes. */
static sg_status load_header(const uint8_t *img, size_t size, int check_crc, sg_error *err) {
  if (size < SG_HEADER_SIZE)
    return load_fail(err, -1, "file too small: %zu bytes, a header alone is %d", size,
                     SG_HEADER_SIZE);
  if (memcmp(img, SG_MAGIC, SG_MAGIC_SIZE) != 0)
    return load_fail(err, 0, "bad magic: not a Signaal bytecode file");
  unsigned major = sg_rd16(img + 8);
  if (major != SG_FORMAT_MAJOR)
    return load_fail(err, 8, "unsupported format major version %u (this runtime reads %d)", major,
                     SG_FORMAT_MAJOR);
  unsigned minor = sg_rd16(img + 10);
  if (minor > SG_FORMAT_MINOR)
    return load_fail(err, 10, "format %u.%u is newer than this runtime reads (%d.%d): it may use "
                     "instructions or fields this runtime does not know; update Signaal",
                     major, minor, SG_FORMAT_MAJOR, SG_FORMAT_MINOR);
  uint32_t declared = sg_rd32(img + 12);
  if (declared != size)
    return load_fail(err, 12, "size mismatch: header says %lu bytes, file has %zu (truncated?)",
                     (unsigned long)declared, size);
  if (check_crc) {
    static const uint8_t zero[4] = {0, 0, 0, 0};
    uint32_t crc = sgr_crc32(0, img, 16);
    crc = sgr_crc32(crc, zero, 4);
    crc = sgr_crc32(crc, img + 20, size - 20);
    if (crc != sg_rd32(img + 16))
      return load_fail(err, 16, "CRC mismatch: file is corrupt (stored %08lx, computed %08lx)",
                       (unsigned long)sg_rd32(img + 16), (unsigned long)crc);
  }
  for (int i = 56; i < 64; i++)
    if (img[i] != 0) return load_fail(err, i, "reserved header byte %d is not zero", i);
  return SG_OK;
}

/* Rule 2: the directory and the placement of every section. Fills L->sec
 * (an optional section that is absent keeps data NULL). */
static sg_status load_directory(sg_loader *L) {
  uint64_t n = sg_rd32(L->img + 20);
  uint64_t dir_end = SG_HEADER_SIZE + n * SG_DIR_ENTRY_SIZE;
  if (dir_end > L->size)
    return load_fail(L->err, 20, "section directory of %lu entries runs past the end of the file",
                     (unsigned long)n);
  uint64_t covered = dir_end;   /* everything before this is header, directory or a section */
  uint32_t prev_id = 0;
  for (uint64_t i = 0; i < n; i++) {
    size_t at = (size_t)(SG_HEADER_SIZE + i * SG_DIR_ENTRY_SIZE);
    uint32_t id = sg_rd32(L->img + at), off = sg_rd32(L->img + at + 4),
             sz = sg_rd32(L->img + at + 8);
    if (id <= prev_id)
      return load_fail(L->err, (long)at, "section ids not strictly increasing: %lu after %lu",
                       (unsigned long)id, (unsigned long)prev_id);
    prev_id = id;
    if (off % 4 != 0)
      return load_fail(L->err, (long)at + 4, "section %lu starts at %lu, not a multiple of 4",
                       (unsigned long)id, (unsigned long)off);
    if ((uint64_t)off + sz > L->size)
      return load_fail(L->err, (long)at + 4, "section %lu (offset %lu, size %lu) lies outside the file",
                       (unsigned long)id, (unsigned long)off, (unsigned long)sz);
    if (off < covered)
      return load_fail(L->err, (long)at + 4,
                       "section %lu at offset %lu overlaps the header, directory or previous section",
                       (unsigned long)id, (unsigned long)off);
    for (uint64_t p = covered; p < off; p++)
      if (L->img[p] != 0)
        return load_fail(L->err, (long)p, "padding byte before section %lu is not zero",
                         (unsigned long)id);
    covered = (uint64_t)off + sz;
    if (id <= SG_SEC_COUNT) {
      L->sec[id].offset = off;
      L->sec[id].size = sz;
      L->sec[id].data = L->img + off;
    }
  }
  for (uint64_t p = covered; p < L->size; p++)
    if (L->img[p] != 0)
      return load_fail(L->err, (long)p, "trailing byte after the last section is not zero");
  /* A section of a later minor may be absent: it then has no records. */
  for (int id = 1; id <= SG_SEC_REQUIRED; id++)
    if (!L->sec[id].data)
      return load_fail(L->err, 20, "missing section %d (%s)", id, sgr_sections[id].name);
  /* A file with HOURS says 1.2, one with VALIDITY 1.3, CHECKED 1.4: an older reader
   * skips a section it does not know, so only the minor keeps it from
   * dropping the hours or the periods unseen. */
  unsigned minor = sg_rd16(L->img + 10);
  static const struct { int id; unsigned minor; } gated[] = {
    {SG_SEC_HOURS, SG_FORMAT_MINOR_HOURS}, {SG_SEC_VALIDITY, SG_FORMAT_MINOR_VALIDITY},
    {SG_SEC_CHECKED, SG_FORMAT_MINOR_CHECKED},
  };
  for (size_t i = 0; i < sizeof gated / sizeof gated[0]; i++)
    if (L->sec[gated[i].id].data && minor < gated[i].minor)
      return load_fail(L->err, 10, "section %d (%s) came with format %d.%u, but the file says %d.%u",
                       gated[i].id, sgr_sections[gated[i].id].name, SG_FORMAT_MAJOR,
                       gated[i].minor, SG_FORMAT_MAJOR, minor);
  return SG_OK;
}

/* Free a rulebook whose image and arena may be partly set up. */
static void load_free(sg_rulebook *rb) {
  if (!rb) return;
  sg_alloc_fn alloc = rb->alloc;
  void *ud = rb->ud;
  mem_free(alloc, ud, rb->image, rb->size);
  mem_free(alloc, ud, rb->index, rb->index_size);
  mem_free(alloc, ud, rb, rb->arena_size);
}

static sg_status load_image(const void *data, size_t size, sg_alloc_fn alloc, void *ud,
                            sg_rulebook **out, sg_error *err, int check_crc) {
  if (out) *out = NULL;
  if (err) {
    err->message[0] = '\0';
    err->offset = -1;
  }
  if (!out || (!data && size > 0)) return load_fail(err, -1, "no output pointer or no data");
  if (size < SG_HEADER_SIZE) return load_header(data, size, check_crc, err);

  /* Check and keep a private copy: the caller's bytes may change under us. */
  uint8_t *img = mem_alloc(alloc, ud, size);
  if (!img) {
    load_fail(err, -1, "out of memory copying %zu bytes", size);
    return SG_ERR_NOMEM;
  }
  memcpy(img, data, size);
  sg_status st = load_header(img, size, check_crc, err);
  if (st != SG_OK) {
    mem_free(alloc, ud, img, size);
    return st;
  }

  sg_loader L;
  memset(&L, 0, sizeof L);
  L.img = img;
  L.size = size;
  L.err = err;
  sg_rulebook counts;   /* decode_counts fills the counts, then we size the arena */
  memset(&counts, 0, sizeof counts);
  L.rb = &counts;
  st = load_directory(&L);
  if (st == SG_OK) st = decode_counts(&L);
  if (st != SG_OK) {
    mem_free(alloc, ud, img, size);
    return st;
  }
  /* decode_sections allocates the arena (rb lives in it) and replaces L.rb. */
  counts.alloc = alloc;
  counts.ud = ud;
  counts.image = img;
  counts.size = size;
  st = decode_sections(&L);
  if (st == SG_OK) st = verify_code(&L);
  if (st == SG_OK) vm_plan(L.rb);
  if (st == SG_OK) st = sgr_index_build(L.rb, err);
  if (st != SG_OK) {
    if (L.rb != &counts) load_free(L.rb);
    else mem_free(alloc, ud, img, size);
    return st;
  }
  sg_rulebook *rb = L.rb;
  rb->minor = sg_rd16(img + 10);
  memcpy(rb->source_hash, img + 24, 32);
  /* The SHA-256 of the image waits for its first reader (two thirds of a
   * load's work): sg_rulebook_bytecode_hash. */
  atomic_init(&rb->hash_state, RB_HASH_NONE);
  *out = rb;
  return SG_OK;
}

/* Verify and load; see signaal.h. */
sg_status sg_rulebook_load(const void *data, size_t size, sg_alloc_fn alloc, void *userdata,
                           sg_rulebook **out, sg_error *err) {
  return load_image(data, size, alloc, userdata, out, err, 1);
}

#ifdef SG_TEST_HOOKS
/* As sg_rulebook_load without the CRC comparison: built only into the
 * runtime that tests and fuzzers link (libsignaal-test.a). */
sg_status sgt_rulebook_load_unchecked_crc(const void *data, size_t size, sg_alloc_fn alloc,
                                         void *userdata, sg_rulebook **out, sg_error *err) {
  return load_image(data, size, alloc, userdata, out, err, 0);
}
#endif

/* Free a rulebook and everything it owns; NULL does nothing. */
void sg_rulebook_free(sg_rulebook *rb) {
  load_free(rb);
}
