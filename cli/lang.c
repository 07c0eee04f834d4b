/* lang.c — choosing English or Dutch messages. English is the msgid itself,
 * so it needs nothing; Dutch comes from build/locale/nl/LC_MESSAGES/
 * signaal.mo (po/nl.po). gettext ignores LANGUAGE under the "C" locale and
 * a Dutch locale may not be installed, so the messages' locale is C.UTF-8
 * (built into glibc since 2.35) and LANGUAGE=nl picks the catalogue.
 */
#include "lang.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

/* The build tree's catalogues (the Makefile gives the absolute path). */
#ifndef SG_LOCALEDIR
#define SG_LOCALEDIR "build/locale"
#endif

/* Whether the environment asks for Dutch: the first of LANGUAGE, LC_ALL,
 * LC_MESSAGES and LANG that is set and not empty, starting with "nl". */
static int env_is_dutch(void) {
  static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
  for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
    const char *v = getenv(vars[i]);
    if (v != NULL && *v != '\0') return strncmp(v, "nl", 2) == 0;
  }
  return 0;
}

int lang_setup(const char *choice) {
  int dutch;
  if (choice == NULL) dutch = env_is_dutch();
  else if (strcmp(choice, "nl") == 0) dutch = 1;
  else if (strcmp(choice, "en") == 0) dutch = 0;
  else return -1;
  if (!dutch) return 0; /* a program starts in the C locale, where gettext gives
                           every msgid back, whatever LANGUAGE says */
  const char *dir = getenv("SIGNAAL_LOCALEDIR");
  bindtextdomain(SG_TEXT_DOMAIN, dir != NULL && *dir != '\0' ? dir : SG_LOCALEDIR);
  bind_textdomain_codeset(SG_TEXT_DOMAIN, "UTF-8");
  setenv("LANGUAGE", "nl", 1);
  if (setlocale(LC_MESSAGES, "C.UTF-8") == NULL) setlocale(LC_MESSAGES, "nl_NL.UTF-8");
  return 0;
}
