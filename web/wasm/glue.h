/* glue.h — the functions the WebAssembly build (make web) exports beside
 * the public API of signaal.h, for web/engine-wasm.js: an image loaded from
 * bytes in linear memory, a fact set by name from its text, the moment and
 * the decision date from their text, the hours of a window at the moment.
 * Each is exported from the module under its own name (export_name).
 */
#ifndef SG_WEB_GLUE_H
#define SG_WEB_GLUE_H

#include <stddef.h>

#include "signaal.h"

#define SGW_API(name) __attribute__((export_name(#name))) name

/* `size` bytes of linear memory for the page to fill (an image, a name, a
 * text), or NULL when memory runs out; free with sgw_free. */
void *SGW_API(sgw_alloc)(size_t size);

/* Free what sgw_alloc gave (NULL: nothing). */
void SGW_API(sgw_free)(void *p);

/* sg_rulebook_load on the `size` bytes at `data` (copied: the page frees
 * its buffer afterwards), verified as always: the rulebook, or NULL with
 * the reason in sgw_load_error. */
sg_rulebook *SGW_API(sgw_load)(const void *data, size_t size);

/* The message of the last failed sgw_load (English, as the loader's). */
const char *SGW_API(sgw_load_error)(void);

/* Set the fact called `name` from `text` as sg_set_parsed reads it (true or
 * false, a decimal int, a text, an enum value's name, YYYY-MM-DD,
 * YYYY-MM-DDTHH:MM[:SS], a country code), or make it unknown when `text`
 * is NULL. SG_ERR_RANGE when no fact has that name, SG_ERR_VALUE when the
 * text is no value of the fact's type. */
sg_status SGW_API(sgw_set_fact)(sg_context *ctx, const char *name, const char *text);

/* The moment of evaluation from `text`, YYYY-MM-DDTHH:MM[:SS] (local time,
 * as --now): 0, or -1 when it is no such moment (nothing set). */
int SGW_API(sgw_set_now)(sg_context *ctx, const char *text);

/* The decision date from `text`, YYYY-MM-DD (as --as-of): 0, or -1 when it
 * is no date (nothing set). */
int SGW_API(sgw_set_asof)(sg_context *ctx, const char *text);

/* The moment of evaluation as YYYY-MM-DDTHH:MM:SS into `buf` (20 bytes):
 * 1, or 0 when it is not set. */
int SGW_API(sgw_now_text)(const sg_context *ctx, char *buf);

/* When window `window` opens next at or after the context's moment, as
 * YYYY-MM-DDTHH:MM:SS into `buf` (20 bytes): 1, or 0 when it never opens
 * (or the moment is not set); sg_window_next_open without 64-bit numbers
 * crossing to the page. */
int SGW_API(sgw_window_next_open_text)(const sg_context *ctx, size_t window, char *buf);

/* Whether window `window` is open at the context's moment (0 when the
 * moment is not set). */
int SGW_API(sgw_window_open_now)(const sg_context *ctx, size_t window);

#endif
