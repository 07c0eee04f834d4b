/* sgj_alloc.h — jansson's allocations counted for libsignaal-json: a
 * wrapper around the functions jansson has (process-global; see
 * signaal_json.h) that counts their failures, since jansson drops a byte
 * of a token it cannot grow without an error.
 */
#ifndef SG_JSON_SGJ_ALLOC_H
#define SG_JSON_SGJ_ALLOC_H

/* Install the wrapper when jansson's functions are not it (first call, or
 * after the program set its own), and return the failures so far. */
unsigned long sgj_alloc_begin(void);

/* Whether a jansson allocation failed since sgj_alloc_begin returned `since`. */
int sgj_alloc_failed(unsigned long since);

#endif
