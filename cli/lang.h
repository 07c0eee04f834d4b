/* lang.h — the language of the messages an officer reads (English or
 * Dutch): choosing it from --lang or the locale, and the _() and N_()
 * P_() markers through which messages go to GNU gettext (domain "signaal").
 */
#ifndef SG_CLI_LANG_H
#define SG_CLI_LANG_H

#include <libintl.h>

/* The gettext domain of every message, the compiler's included. */
#define SG_TEXT_DOMAIN "signaal"
/* A message in the chosen language; N_ only marks one for xgettext (a
 * static table), translated where it is used. */
#define _(msgid) dgettext(SG_TEXT_DOMAIN, msgid)
#define N_(msgid) msgid
/* One of two messages by the number `n` ("1 warning", "2 warnings"). */
#define P_(one, many, n) dngettext(SG_TEXT_DOMAIN, one, many, n)

/* Choose the language of messages: `choice` is --lang's value ("nl" or
 * "en") or NULL, then the locale decides (LANGUAGE, LC_ALL, LC_MESSAGES,
 * LANG: the first one set; Dutch when it starts with "nl"). For Dutch, the
 * catalogue is bound from $SIGNAAL_LOCALEDIR or the build tree's locale/.
 * Returns 0, or -1 when `choice` is neither "nl" nor "en". */
int lang_setup(const char *choice);

#endif
