/* args.c — the option parser shared by the subcommands: long options with
 * `--name VALUE` or `--name=VALUE`, short ones with `-x VALUE`, `--` to end
 * options, and a "did you mean" hint for unknown options.
 */
#include "cli.h"
#include "suggest.h"

#include <stdio.h>
#include <string.h>

void args_init(args_cursor *cur, int argc, char **argv, const cli_option *options,
               size_t option_count) {
  cur->argc = argc;
  cur->argv = argv;
  cur->index = 1;
  cur->only_operands = 0;
  cur->command = argc > 0 ? argv[0] : "signaal";
  cur->options = options;
  cur->option_count = option_count;
}

int args_usage_error(const char *command, const char *message) {
  fprintf(stderr, "signaal %s: error: %s\n", command, message);
  fprintf(stderr, "hint: run 'signaal %s --help' for usage\n", command);
  return CLI_EXIT_USAGE;
}

int args_one_rulebook(int argc, char **argv, const char *command, void (*usage)(FILE *),
                      const char **path) {
  static const cli_option help_only[] = { {"help", 'h', 0, 1} };
  args_cursor cur;
  args_init(&cur, argc, argv, help_only, 1);
  const char *value;
  int id;
  *path = NULL;
  while ((id = args_next(&cur, &value)) != ARGS_END) {
    if (id == 1) {
      usage(stdout);
      return ARGS_HELPED;
    }
    if (id != ARGS_OPERAND) return CLI_EXIT_USAGE;
    if (*path != NULL) return args_usage_error(command, "give exactly one RULEBOOK");
    *path = value;
  }
  return *path == NULL ? args_usage_error(command, "missing RULEBOOK") : CLI_EXIT_OK;
}

static const char *option_long_name(const void *data, size_t i) {
  return ((const cli_option *)data)[i].long_name;
}

static void unknown_option(const args_cursor *cur, const char *arg) {
  fprintf(stderr, "signaal %s: error: unknown option '%s'\n", cur->command, arg);
  const char *suggestion = NULL;
  if (arg[0] == '-' && arg[1] == '-') {
    char name[64];
    size_t len = strcspn(arg + 2, "=");
    if (len < sizeof name) {
      memcpy(name, arg + 2, len);
      name[len] = '\0';
      suggestion = suggest_closest(name, option_long_name, cur->options, cur->option_count);
    }
  }
  if (suggestion != NULL)
    fprintf(stderr, "hint: did you mean '--%s'? Run 'signaal %s --help' for usage\n", suggestion,
            cur->command);
  else
    fprintf(stderr, "hint: run 'signaal %s --help' for usage\n", cur->command);
}

static int missing_value(const args_cursor *cur, const char *arg) {
  char message[128];
  snprintf(message, sizeof message, "option '%s' needs a value", arg);
  args_usage_error(cur->command, message);
  return ARGS_ERROR;
}

int args_next(args_cursor *cur, const char **value) {
  *value = NULL;
  if (cur->index >= cur->argc) return ARGS_END;
  const char *arg = cur->argv[cur->index++];
  if (cur->only_operands || arg[0] != '-' || arg[1] == '\0') {
    *value = arg; /* an operand; a lone "-" means standard input */
    return ARGS_OPERAND;
  }
  if (strcmp(arg, "--") == 0) {
    cur->only_operands = 1;
    return args_next(cur, value);
  }
  const cli_option *match = NULL;
  const char *inline_value = NULL;
  if (arg[1] == '-') {
    const char *name = arg + 2;
    size_t len = strcspn(name, "=");
    for (size_t i = 0; i < cur->option_count; i++) {
      const char *candidate = cur->options[i].long_name;
      if (candidate != NULL && strlen(candidate) == len && strncmp(candidate, name, len) == 0) {
        match = &cur->options[i];
        break;
      }
    }
    if (match != NULL && name[len] == '=') inline_value = name + len + 1;
  } else {
    for (size_t i = 0; i < cur->option_count; i++) {
      if (cur->options[i].short_name != 0 && cur->options[i].short_name == arg[1]) {
        match = &cur->options[i];
        break;
      }
    }
    if (match != NULL && arg[2] != '\0') {
      if (match->takes_value) inline_value = arg + 2; /* -oFILE */
      else match = NULL;                              /* -xyz: not supported */
    }
  }
  if (match == NULL) {
    unknown_option(cur, arg);
    return ARGS_ERROR;
  }
  if (!match->takes_value) {
    if (inline_value != NULL) {
      char message[128];
      snprintf(message, sizeof message, "option '--%s' takes no value", match->long_name);
      args_usage_error(cur->command, message);
      return ARGS_ERROR;
    }
    return match->id;
  }
  if (inline_value != NULL) {
    *value = inline_value;
    return match->id;
  }
  if (cur->index >= cur->argc) return missing_value(cur, arg);
  *value = cur->argv[cur->index++];
  return match->id;
}
