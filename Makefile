# Signaal — build, test and demo.
#
#   make            build build/signaal, build/libsignaal.a, build/libsignaalc.a,
#                   build/libsignaal-json.a
#   make deps       install the Debian packages the build and tests need
#   make demo       compile the bundled rulebook and evaluate a sample case
#   make test       build and run every test (cmocka suites, rulebook examples,
#                   the fuzz crash files and seeds replayed without libFuzzer)
#   make golden-update FILE=tests/golden/NAME
#                   rewrite one golden file, showing the diff (tests/README.md);
#                   FILE=all: every golden that differs, each diff shown
#   make asan       run the tests again under AddressSanitizer + UBSan (build-asan/)
#   make test-O0    run the tests again built with -O0 -g (build-O0/)
#   make test-switch  run the tests again with the VM's switch dispatch (build-switch/)
#   make oom        fail each allocation of compile, eval, interview, test and the
#                   other commands in turn, under ASan+LSan (build-oom/, tests/oom.sh)
#   make check      make test, asan, test-O0, test-switch and oom
#   make web        the runtime built to WebAssembly (clang, wasi-libc, wasm-ld) with
#                   its JavaScript engine and the bundled rulebook, in build/web/, a
#                   static directory a page runs from offline (docs/web-wasm.md);
#                   make test builds it and tests it against the native runtime
#                   (tests/wasm.sh, under node) when the toolchain is there;
#                   build/web/index.html is the case worker's page on it, opened
#                   as a file with no server (docs/web.md, tests/browser-offline.sh)
#   make coverage   the tests and the out-of-memory scenarios of make oom, built
#                   with gcc --coverage (build-cov/); line and branch coverage
#                   per area by gcovr, failing below each area's floor
#   make valgrind   the cmocka suites and a sample of signaal runs under memcheck
#   make tsan       tests/test_threads built with clang -fsanitize=thread (build-tsan/),
#                   and signaal serve under load with reloads (tests/serve_race.sh)
#   make compilers  the tests built with gcc -O3 and clang -O0, -O2, -O3 (build-CC-On/;
#                   gcc -O2 and -O0 are make test and test-O0)
#   make fuzz       build the libFuzzer targets (clang, ASan+UBSan) in build/fuzz/
#                   and run each for FUZZ_SECONDS (default 60) (fuzz/README.md)
#   make fuzz-ci    make fuzz FUZZ_SECONDS=60: what CI runs last
#   make pot        regenerate po/signaal.pot from the sources and merge it into
#                   po/nl.po (then translate what msgmerge left empty or fuzzy)
#   make docs       regenerate docs/uitbuiting.schema.json, docs/rulebook.dot and .svg,
#                   docs/rulebook-map.md and .html
#   make bench      run the benchmarks (see bench/RESULTS.md), then Signaal side by
#                   side with hand-written C, jq, Lua and CLIPS (bench/compare.sh)
#   make bench-compare  only the side by side comparison
#   make bench-serve  the load test of signaal serve for 60 s (bench/serve.sh: wrk
#                   posting varied cases to /v1/eval; make test runs it for 5 s)
#   make bench-deps install the Debian packages of the comparison (not in CI)
#   make install    install the CLI (linked with the shared libraries), the
#                   libraries (static and shared, soname libsignaal.so.0),
#                   headers, pkg-config files, man pages, bash completion and
#                   the Dutch messages; PREFIX (/usr/local), DESTDIR, LIBDIR and
#                   the GNU directory variables (docs/api.md "Installing")
#   make uninstall  remove what make install put there
#   make dist       build/signaal-VERSION.tar.gz of the committed HEAD
#   make deb        the Debian packages signaal, libsignaal0 and libsignaal-dev
#                   built from that tarball by dpkg-buildpackage, checked by
#                   lintian (make deb-deps installs debhelper and lintian)
#   make clean
#
# CI (.ci/run) runs make deps, demo, check, coverage, valgrind, tsan,
# compilers and fuzz-ci; docs/reliability.md has what each measures and its
# figures.

CC      ?= cc
BUILD   ?= build
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CPPFLAGS += -D_POSIX_C_SOURCE=200809L
ALL_CFLAGS = $(WARN) $(CFLAGS) $(CPPFLAGS)
# Each part sees only the headers it may use: the runtime its own and the
# public ones (so it can never include a compiler header); the compiler also
# the runtime's format.h with opcodes.def and types.def, which it writes;
# the CLI the public headers and the .def tables; tests everything.
RUNTIME_INC  := -Iinclude -Iruntime
COMPILER_INC := -Iinclude -Iruntime -Icompiler -I$(BUILD)
# The case-file library (json/: libsignaal-json) the public headers, the
# runtime's private util.h and country.h (its own copies) and its own.
JSON_INC     := -Iinclude -Iruntime -Ijson
CLI_INC      := -Iinclude -Iruntime -Icli -Ijson
TEST_INC     := -Iinclude -Iruntime -Icompiler -Icli -Ijson -Itests -I$(BUILD)

RUNTIME_SRC  := $(sort $(filter-out runtime/readfile.c,$(wildcard runtime/*.c)))
COMPILER_SRC := $(sort $(wildcard compiler/*.c))
CLI_SRC      := $(sort $(wildcard cli/*.c))
JSON_SRC     := $(sort $(wildcard json/*.c))
# json/'s public functions (signaal_json.h) and its allocation counter are
# the library's alone; the rest (the value codec, the report model and its
# JSON writer, the messages, the clock) the CLI also compiles as its own
# copy, as it does util.c: the library exports nothing else.
JSON_LIB_ONLY := json/case.c json/outcome.c json/sgj_alloc.c
JSON_SHARED  := $(filter-out $(JSON_LIB_ONLY),$(JSON_SRC))
TEST_SRC     := $(sort $(wildcard tests/test_*.c))

# The runtime's small shared units (opcode and record tables, util.c, the
# country table country.c, CRC-32, SHA-256, and readfile.c, which is not in
# the runtime library: the runtime does no I/O) are linked into the compiler
# library as its own private copy, so neither library exports an internal
# symbol for the other; the CLI links its own copies of util.c, country.c and
# readfile.c, the tests of readfile.c.
SHARED_SRC   := runtime/opcodes.c runtime/records.c runtime/util.c runtime/country.c \
                runtime/crc32.c runtime/sha256.c \
                runtime/readfile.c
RUNTIME_OBJ  := $(RUNTIME_SRC:%.c=$(BUILD)/%.o)
COMPILER_OBJ := $(COMPILER_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/lexer.o $(BUILD)/gen/parser.o \
                $(SHARED_SRC:runtime/%.c=$(BUILD)/compiler/shared/%.o)
# Tests and fuzzers link a runtime that also exports its internals (sgr_*)
# and the test hooks (load.c and index.c built with SG_TEST_HOOKS:
# sgt_rulebook_load_unchecked_crc, sgt_index_budget, sgt_index_hash_mask);
# the shipped library has neither.
RUNTIME_TEST_OBJ := $(filter-out $(BUILD)/runtime/load.o $(BUILD)/runtime/index.o,$(RUNTIME_OBJ)) \
                    $(BUILD)/runtime/test/load.o $(BUILD)/runtime/test/index.o
JSON_OBJ     := $(JSON_SRC:%.c=$(BUILD)/%.o) $(BUILD)/json/shared/util.o $(BUILD)/json/shared/country.o
CLI_OBJ      := $(CLI_SRC:%.c=$(BUILD)/%.o) $(JSON_SHARED:json/%.c=$(BUILD)/cli/json/%.o) \
                $(BUILD)/cli/shared/util.o $(BUILD)/cli/shared/country.o \
                $(BUILD)/cli/shared/readfile.o $(BUILD)/cli/shared/sha256.o \
                $(BUILD)/gen/web_files.o
# The CLI without its main, for the fuzz targets of its code (an archive
# used only inside the build; it links with libsignaal.a, not the test one,
# whose sgr_* would clash with the CLI's own copies).
CLI_LIB_OBJ  := $(filter-out $(BUILD)/cli/main.o,$(CLI_OBJ))
LIBCLI       := $(BUILD)/libsignaal-cli.a
TEST_BIN     := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
# The fuzz targets (fuzz/fuzz_TARGET.c; load_nocrc is fuzz_load.c again),
# also built without libFuzzer to replay their inputs in `make test`.
FUZZ_TARGETS := load load_nocrc compile case answers args rules_case serve
REPLAY_BIN   := $(FUZZ_TARGETS:%=$(BUILD)/fuzz-replay/fuzz_%)

LIBRT := $(BUILD)/libsignaal.a
LIBRT_TEST := $(BUILD)/libsignaal-test.a
LIBC  := $(BUILD)/libsignaalc.a
LIBJ  := $(BUILD)/libsignaal-json.a
BIN   := $(BUILD)/signaal
# The Dutch messages (GNU gettext, docs/cli.md "Language of messages"):
# po/nl.po compiled into the build tree, where the CLI finds it unless
# SIGNAAL_LOCALEDIR names another directory.
MO    := $(BUILD)/locale/nl/LC_MESSAGES/signaal.mo

.PHONY: all deps bench-deps docs demo web web-toolchain test golden-update asan test-O0 test-switch oom check bench \
        bench-compare bench-serve clean coverage valgrind tsan compilers pot shared install uninstall FORCE dist deb deb-deps
all: $(BIN) $(LIBRT) $(LIBC) $(LIBJ) $(MO)

DEB_PACKAGES := build-essential pkg-config man-db bash-completion flex bison gettext libcmocka-dev libjansson-dev libyajl-dev libcjson-dev libmicrohttpd-dev python3-jsonschema python3-yaml wrk clang libclang-rt-14-dev wasi-libc lld nodejs valgrind gcovr chromium python3-websocket poppler-utils graphviz
deps:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(DEB_PACKAGES)
# What bench/compare.sh (make bench) compares Signaal with, apart from the
# hand-written C (libcjson-dev, in DEB_PACKAGES); not installed by make deps,
# so CI does not grow. `time` gives the peak memory.
BENCH_PACKAGES := jq lua5.4 lua-cjson clips time wrk
bench-deps:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(BENCH_PACKAGES)

# ---- generated lexer and parser (never in git) ----
# (&: one run of bison or flex makes both files, even under make -j)
$(BUILD)/gen/parser.c $(BUILD)/gen/parser.h &: compiler/parser.y
	@mkdir -p $(@D)
	bison -Wall -Werror --defines=$(BUILD)/gen/parser.h -o $(BUILD)/gen/parser.c $<
$(BUILD)/gen/lexer.c $(BUILD)/gen/lexer.h &: compiler/lexer.l
	@mkdir -p $(@D)
	flex --header-file=$(BUILD)/gen/lexer.h -o $(BUILD)/gen/lexer.c $<
# Generated code is not ours to lint: relax the warnings flex output trips.
# The generated files include compiler headers (ast.h, compiler.h): -MMD
# records that, so a change to a header rebuilds the parser too.
# GEN_CFLAGS come last, for builds that must compile it differently (test-O0).
$(BUILD)/gen/%.o: $(BUILD)/gen/%.c $(BUILD)/gen/parser.h $(BUILD)/gen/lexer.h
	$(CC) $(filter-out -Wmissing-prototypes -Wshadow,$(ALL_CFLAGS)) $(COMPILER_INC) -Wno-unused-function -Wno-unused-parameter -Wno-sign-compare $(GEN_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/compiler/shared/%.o: runtime/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(RUNTIME_INC) -MMD -MP -c -o $@ $<
$(BUILD)/cli/shared/%.o: runtime/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(RUNTIME_INC) -MMD -MP -c -o $@ $<
$(BUILD)/json/shared/%.o: runtime/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(RUNTIME_INC) -MMD -MP -c -o $@ $<
$(BUILD)/json/%.o: json/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(JSON_INC) -MMD -MP -c -o $@ $<
$(BUILD)/cli/json/%.o: json/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(JSON_INC) -MMD -MP -c -o $@ $<
$(BUILD)/compiler/%.o: compiler/%.c $(BUILD)/gen/parser.h $(BUILD)/gen/lexer.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(COMPILER_INC) -MMD -MP -c -o $@ $<
$(BUILD)/runtime/test/%.o: runtime/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(RUNTIME_INC) -DSG_TEST_HOOKS -MMD -MP -c -o $@ $<
$(BUILD)/runtime/%.o: runtime/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(RUNTIME_INC) -MMD -MP -c -o $@ $<
$(BUILD)/cli/%.o: cli/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CLI_INC) -MMD -MP -c -o $@ $<
$(BUILD)/cli/lang.o: CPPFLAGS += -DSG_LOCALEDIR='"$(abspath $(BUILD))/locale"'

# ---- messages in Dutch: xgettext finds every message (the compiler's
# diag_error/diag_note formats, the CLI's _() and N_()), msgfmt compiles
# po/nl.po; tests/po-check.sh fails when a message has no translation.
PO_SRC := $(sort $(wildcard compiler/*.c compiler/*.y compiler/*.l cli/*.c))
XGETTEXT_FLAGS := --language=C --from-code=UTF-8 --keyword=diag_error:3 --keyword=diag_note:3 \
                  --keyword=_ --keyword=N_ --keyword=P_:1,2 --keyword=DIAG_ --add-comments=TRANSLATORS: \
                  --package-name=signaal --msgid-bugs-address= --sort-by-file
$(MO): po/nl.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<
pot:
	xgettext $(XGETTEXT_FLAGS) -o po/signaal.pot $(PO_SRC)
	msgmerge --quiet --update --backup=none po/nl.po po/signaal.pot

# Each library is one relocatable object whose only global symbols are the
# functions its public header declares (the list is made from the header),
# so internal names such as vm_run, diag_error or the scanner's can never
# clash with an embedder's. tests/check-symbols.sh checks the result.
$(BUILD)/api-%.txt: include/%.h
	@mkdir -p $(@D)
	sed -e 's,/\*.*\*/,,g' $< | grep -oE '\bsg[cj]?_[a-z0-9_]*[[:space:]]*\(' | tr -d ' (' | sort -u > $@
$(LIBRT): $(RUNTIME_OBJ) $(BUILD)/api-signaal.txt
	@rm -f $@
	$(LD) -r -o $(BUILD)/libsignaal.o $(RUNTIME_OBJ)
	objcopy --keep-global-symbols=$(BUILD)/api-signaal.txt $(BUILD)/libsignaal.o
	ar rcs $@ $(BUILD)/libsignaal.o
$(LIBRT_TEST): $(RUNTIME_TEST_OBJ) $(BUILD)/api-signaal.txt
	@rm -f $@
	$(LD) -r -o $(BUILD)/libsignaal-test.o $(RUNTIME_TEST_OBJ)
	objcopy --keep-global-symbols=$(BUILD)/api-signaal.txt --wildcard --keep-global-symbol='sgt_*' --keep-global-symbol='sgr_*' $(BUILD)/libsignaal-test.o
	ar rcs $@ $(BUILD)/libsignaal-test.o
$(LIBC): $(COMPILER_OBJ) $(BUILD)/api-signaal_compiler.txt
	@rm -f $@
	$(LD) -r -o $(BUILD)/libsignaalc.o $(COMPILER_OBJ)
	objcopy --keep-global-symbols=$(BUILD)/api-signaal_compiler.txt $(BUILD)/libsignaalc.o
	ar rcs $@ $(BUILD)/libsignaalc.o
$(LIBJ): $(JSON_OBJ) $(BUILD)/api-signaal_json.txt
	@rm -f $@
	$(LD) -r -o $(BUILD)/libsignaal-json.o $(JSON_OBJ)
	objcopy --keep-global-symbols=$(BUILD)/api-signaal_json.txt $(BUILD)/libsignaal-json.o
	ar rcs $@ $(BUILD)/libsignaal-json.o

# The out-of-memory test's build (FAILALLOC=1, `make oom`): the CLI linked
# with tests/failalloc.c, whose wrappers number every allocation (malloc,
# calloc, realloc, strdup, strndup, getline, open_memstream, in the CLI, both
# libraries and jansson) and fail the one SIGNAAL_FAIL_ALLOC names.
ifdef FAILALLOC
BIN_EXTRA   := $(BUILD)/tests/failalloc.o
BIN_LDFLAGS := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup,--wrap=getline,--wrap=open_memstream
endif
$(BIN): $(CLI_OBJ) $(BIN_EXTRA) $(LIBJ) $(LIBC) $(LIBRT)
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(BIN_EXTRA) $(LIBJ) $(LIBC) $(LIBRT) -ljansson -lyajl -lmicrohttpd -pthread $(LDFLAGS) $(BIN_LDFLAGS)

# The files of web/ (the case worker's page), embedded in the CLI as C by
# tools/embed.sh, so `signaal serve` needs no data directory; a file added
# to web/ needs no change here. web/wasm/ is the WebAssembly glue's source
# (make web), not a file of the page. (web/., the directory: a file taken
# away rebuilds too; not `web`, the phony target of make web.)
PAGE_FILES := $(shell find web -type f ! -name '.*' ! -path 'web/wasm/*' 2>/dev/null)
$(BUILD)/gen/web_files.c: tools/embed.sh $(PAGE_FILES) web/.
	@mkdir -p $(@D)
	sh tools/embed.sh web $@
$(BUILD)/gen/web_files.o: $(BUILD)/gen/web_files.c cli/serve_api.h
	$(CC) $(ALL_CFLAGS) $(CLI_INC) -c -o $@ $<

$(BUILD)/tests/failalloc.o: tests/failalloc.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<
$(BUILD)/tests/oomrun: tests/oomrun.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LDFLAGS)
$(LIBCLI): $(CLI_LIB_OBJ)
	@rm -f $@
	ar rcs $@ $(CLI_LIB_OBJ)

# ---- tests ----
$(BUILD)/tests/%: tests/%.c $(wildcard tests/*.h) $(CLI_SRC) $(JSON_SRC) $(LIBJ) $(LIBC) $(LIBRT_TEST) $(BUILD)/cli/shared/readfile.o | $(BIN)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(TEST_INC) -DSG_BUILD_DIR='"$(BUILD)"' -DSG_TEST_CC='"$(CC)"' -DSG_TEST_FLAGS='"$(CFLAGS) $(LDFLAGS)"' -pthread -o $@ $< $(LIBJ) $(LIBC) $(LIBRT_TEST) $(BUILD)/cli/shared/readfile.o -lcmocka -ljansson $(LDFLAGS)

# test_batch calls the CLI's batch reader itself and counts every heap
# allocation (malloc, calloc and realloc wrapped): it links the CLI's library.
$(BUILD)/tests/test_batch: tests/test_batch.c $(wildcard tests/*.h) $(LIBCLI) $(LIBJ) $(LIBC) $(LIBRT) | $(BIN)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(TEST_INC) -DSG_BUILD_DIR='"$(BUILD)"' -o $@ $< $(LIBCLI) $(LIBJ) $(LIBC) $(LIBRT) -lcmocka -ljansson -lyajl $(LDFLAGS) -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc

test: $(BIN) $(MO) $(TEST_BIN) $(REPLAY_BIN)
	@sh tests/check-symbols.sh $(LIBRT) $(LIBC) $(LIBJ)
	@sh tests/po-check.sh $(BUILD) $(XGETTEXT_FLAGS) -- $(PO_SRC)
	@if [ "$(WEB_TEST)" != 0 ] && sh tools/wasm-toolchain.sh "$(WASM_CC)" "$(WASI_SYSROOT)" >/dev/null; then \
	  $(MAKE) --no-print-directory web; fi
	@SG_LOAD_TEST=$(LOAD_TEST) sh tests/run.sh $(BUILD) $(TEST_BIN)
	@sh tools/apiref.sh $(PUBLIC_HEADERS) | cmp -s - docs/api-reference.md && echo "api-reference: docs/api-reference.md is the headers' (make docs)" || \
	  { echo "** docs/api-reference.md is not what the headers say: run make docs"; exit 1; }
	@if [ "$(INSTALL_TEST)" != 0 ]; then sh tests/install.sh $(BUILD); fi

# ---- the fuzz targets without libFuzzer (fuzz/README.md): each target's
# LLVMFuzzerTestOneInput with fuzz/replay.c's main, built like the tests, so
# that `make test` replays every file of fuzz/crashes/ (TARGET-what.. goes to
# fuzz_TARGET) and each target's seeds, with or without clang ----
FUZZ_INC     := -Iinclude -Iruntime -Icli -Ijson -Ifuzz -DFUZZ_ROOT='"$(CURDIR)"'
FUZZ_DEPS    := fuzz/replay.c fuzz/common.c fuzz/common.h
$(BUILD)/fuzz-replay/fuzz_load: fuzz/fuzz_load.c $(FUZZ_DEPS) $(LIBRT_TEST)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(FUZZ_INC) -o $@ $< fuzz/common.c fuzz/replay.c $(LIBRT_TEST) $(LDFLAGS)
$(BUILD)/fuzz-replay/fuzz_load_nocrc: fuzz/fuzz_load.c $(FUZZ_DEPS) $(LIBRT_TEST)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(FUZZ_INC) -DFUZZ_UNCHECKED_CRC -o $@ $< fuzz/common.c fuzz/replay.c $(LIBRT_TEST) $(LDFLAGS)
$(BUILD)/fuzz-replay/fuzz_compile: fuzz/fuzz_compile.c $(FUZZ_DEPS) $(LIBC) $(LIBRT_TEST)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(FUZZ_INC) -o $@ $< fuzz/common.c fuzz/replay.c $(LIBC) $(LIBRT_TEST) $(LDFLAGS)
$(BUILD)/fuzz-replay/fuzz_%: fuzz/fuzz_%.c $(FUZZ_DEPS) fuzz/cli_common.c fuzz/cli_common.h $(wildcard cli/*.h json/*.h) $(LIBCLI) $(LIBJ) $(LIBC) $(LIBRT)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(FUZZ_INC) -o $@ $< fuzz/common.c fuzz/cli_common.c fuzz/replay.c $(LIBCLI) $(LIBJ) $(LIBC) $(LIBRT) -ljansson -lyajl $(LDFLAGS)

# Rewrite the golden files named, each with the diff of what changes:
#   make golden-update FILE=tests/golden/report/08.md   (tests/README.md)
golden-update: $(BIN) $(TEST_BIN)
	@sh tests/golden-update.sh $(BUILD) "$(FILE)" $(TEST_BIN)

check: test asan test-O0 test-switch oom

# Out of memory (tests/oom.sh): the CLI with AddressSanitizer, LeakSanitizer
# and UBSan, linked with tests/failalloc.c (FAILALLOC=1), each allocation of
# every command failed in turn, driven by tests/oomrun.c. OOM_STRIDE=1 runs
# every allocation of the big scenarios too (default: every 5th).
oom:
	$(MAKE) BUILD=build-oom CC=clang CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" LDFLAGS="-fsanitize=address,undefined" FAILALLOC=1 build-oom/signaal build-oom/tests/oomrun
	@sh tests/oom.sh build-oom

asan:
	$(MAKE) BUILD=build-asan CC=clang CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" LDFLAGS="-fsanitize=address,undefined" INSTALL_TEST=0 WEB_TEST=0 LOAD_TEST=0 test

# Unoptimised, as a debugger sees it. At -O0 gcc still emits flex's unused
# yy_fatal_error (fprintf + exit; the scanner uses lex_fatal instead), which
# check-symbols would rightly refuse; the generated scanner and parser are
# therefore optimised enough to drop dead static functions.
test-O0:
	$(MAKE) BUILD=build-O0 CFLAGS="-O0 -g" GEN_CFLAGS="-O1" INSTALL_TEST=0 WEB_TEST=0 LOAD_TEST=0 test

# The VM with its portable switch dispatch instead of computed goto.
test-switch:
	$(MAKE) BUILD=build-switch CFLAGS="-O2 -g -DSG_VM_SWITCH" INSTALL_TEST=0 WEB_TEST=0 LOAD_TEST=0 test

# ---- reliability (docs/reliability.md) ----
# Coverage: gcc --coverage at -O0 (the generated scanner and parser at -O1, as
# in test-O0), counters cleared first and updated atomically (test_threads
# runs four threads; plain counters would race); the CLI linked with
# tests/failalloc.c (FAILALLOC=1: inactive unless SIGNAAL_FAIL_ALLOC is set),
# so that after make test the out-of-memory scenarios of make oom run on it
# too, without the sanitizers; tests/coverage.py sums gcovr's figures per
# area and fails below an area's floor.
coverage:
	@[ ! -d build-cov ] || find build-cov -name '*.gcda' -delete
	$(MAKE) BUILD=build-cov CC=gcc CFLAGS="-O0 -g --coverage -fprofile-update=atomic" GEN_CFLAGS="-O1" LDFLAGS="--coverage" FAILALLOC=1 INSTALL_TEST=0 WEB_TEST=0 LOAD_TEST=0 test build-cov/tests/oomrun
	@sh tests/oom.sh build-cov
	python3 tests/coverage.py build-cov

# Memcheck over the suites and the signaal runs tests/valgrind.sh lists.
valgrind: $(BIN) $(TEST_BIN)
	@sh tests/valgrind.sh $(BUILD) $(TEST_BIN)

# ThreadSanitizer over the one multi-threaded test. The longest history
# (history_size=7): a race whose first access lies many cases back in the
# other thread (the bytecode hash, worked out on first use) is reported only
# while that access is still in the thread's history.
tsan:
	$(MAKE) BUILD=build-tsan CC=clang CFLAGS="-O1 -g -fsanitize=thread" LDFLAGS="-fsanitize=thread" build-tsan/tests/test_threads build-tsan/signaal
	TSAN_OPTIONS="halt_on_error=1 history_size=7" build-tsan/tests/test_threads
	sh tests/serve_race.sh build-tsan

# The compiler matrix: COMPILER-LEVEL, each in build-COMPILER-LEVEL.
COMPILER_BUILDS := gcc-O3 clang-O0 clang-O2 clang-O3
.PHONY: $(COMPILER_BUILDS:%=test-%)
compilers: $(COMPILER_BUILDS:%=test-%)
$(COMPILER_BUILDS:%=test-%): test-%:
	$(MAKE) BUILD=build-$* CC=$(word 1,$(subst -, ,$*)) CFLAGS="-$(word 2,$(subst -, ,$*)) -g" \
	  $(if $(filter %-O0,$*),GEN_CFLAGS="-O1") INSTALL_TEST=0 WEB_TEST=0 LOAD_TEST=0 test

# The generated documents: the case-file schema, the rulebook's picture
# (docs/rulebook.dot, kept current by a test, and docs/rulebook.svg, drawn by
# Graphviz) and the literate rulebook (docs/rulebook-map.md and .html,
# `signaal doc`, kept current by a test).
PUBLIC_HEADERS := include/signaal.h include/signaal_compiler.h include/signaal_json.h
docs: $(BIN)
	$(BIN) doc rules/uitbuiting.rules -o docs/rulebook-map.md
	$(BIN) doc rules/uitbuiting.rules --format html -o docs/rulebook-map.html
	$(BIN) schema rules/uitbuiting.rules > docs/uitbuiting.schema.json.tmp && mv docs/uitbuiting.schema.json.tmp docs/uitbuiting.schema.json
	$(BIN) graph rules/uitbuiting.rules > docs/rulebook.dot.tmp && mv docs/rulebook.dot.tmp docs/rulebook.dot
	dot -Tsvg docs/rulebook.dot > docs/rulebook.svg.tmp && mv docs/rulebook.svg.tmp docs/rulebook.svg
	sh tools/apiref.sh $(PUBLIC_HEADERS) > docs/api-reference.md.tmp && mv docs/api-reference.md.tmp docs/api-reference.md

# ---- install (docs/api.md "Installing"): the shared libraries with a
# soname, the CLI linked with them, headers, pkg-config files, man pages made
# from the CLI's help, bash completion and the Dutch messages ----
PREFIX      ?= /usr/local
prefix      ?= $(PREFIX)
exec_prefix ?= $(prefix)
bindir      ?= $(exec_prefix)/bin
LIBDIR      ?= $(exec_prefix)/lib
libdir      ?= $(LIBDIR)
includedir  ?= $(prefix)/include
datarootdir ?= $(prefix)/share
datadir     ?= $(datarootdir)
mandir      ?= $(datarootdir)/man
localedir   ?= $(datarootdir)/locale
pkgconfigdir ?= $(libdir)/pkgconfig
bashcompdir ?= $(datadir)/bash-completion/completions
INSTALL     ?= install
# make test also runs the 5-second load test of signaal serve (bench/serve.sh);
# the sanitizer and other builds skip it (LOAD_TEST=0)
LOAD_TEST ?= 1
# make test also installs into a temporary DESTDIR and uses it (tests/install.sh);
# the sanitizer and other builds of make check skip that (INSTALL_TEST=0)
INSTALL_TEST ?= 1

# The soname's number is the API's major (include/signaal.h); the file's
# name carries the whole version.
SG_VERSION_NUM := $(shell sed -n 's/^\#define SG_VERSION "\(.*\)"/\1/p' include/signaal.h)
SOVERSION   := $(shell sed -n 's/^\#define SG_VERSION_MAJOR //p' include/signaal.h)
PIC         := $(BUILD)/pic
RUNTIME_PIC := $(RUNTIME_SRC:%.c=$(PIC)/%.o)
COMPILER_PIC := $(COMPILER_SRC:%.c=$(PIC)/%.o) $(PIC)/gen/lexer.o $(PIC)/gen/parser.o \
                $(SHARED_SRC:runtime/%.c=$(PIC)/compiler/shared/%.o)
SO_RT       := $(BUILD)/libsignaal.so.$(SG_VERSION_NUM)
SO_C        := $(BUILD)/libsignaalc.so.$(SG_VERSION_NUM)
SO_J        := $(BUILD)/libsignaal-json.so.$(SG_VERSION_NUM)
JSON_PIC    := $(JSON_SRC:%.c=$(PIC)/%.o) $(PIC)/json/shared/util.o $(PIC)/json/shared/country.o
# the CLI for installing: linked with the shared libraries, its messages
# looked up in $(localedir)
BIN_SHARED  := $(BUILD)/install/signaal
CLI_SHARED_OBJ := $(filter-out $(BUILD)/cli/lang.o,$(CLI_OBJ)) $(BUILD)/install/lang.o

$(PIC)/runtime/%.o: runtime/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC $(RUNTIME_INC) -MMD -MP -c -o $@ $<
$(PIC)/json/shared/%.o: runtime/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC $(RUNTIME_INC) -MMD -MP -c -o $@ $<
$(PIC)/json/%.o: json/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC $(JSON_INC) -MMD -MP -c -o $@ $<
$(PIC)/compiler/shared/%.o: runtime/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC $(RUNTIME_INC) -MMD -MP -c -o $@ $<
$(PIC)/compiler/%.o: compiler/%.c $(BUILD)/gen/parser.h $(BUILD)/gen/lexer.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC $(COMPILER_INC) -MMD -MP -c -o $@ $<
$(PIC)/gen/%.o: $(BUILD)/gen/%.c $(BUILD)/gen/parser.h $(BUILD)/gen/lexer.h
	@mkdir -p $(@D)
	$(CC) $(filter-out -Wmissing-prototypes -Wshadow,$(ALL_CFLAGS)) -fPIC $(COMPILER_INC) -Wno-unused-function -Wno-unused-parameter -Wno-sign-compare -MMD -MP -c -o $@ $<
# A version script from the header's list: only the API is exported.
$(BUILD)/%.map: $(BUILD)/api-%.txt
	{ echo 'SIGNAAL_$(SOVERSION) {'; echo '  global:'; sed 's/.*/    &;/' $<; echo '  local: *;'; echo '};'; } > $@
$(SO_RT): $(RUNTIME_PIC) $(BUILD)/signaal.map
	$(CC) -shared -Wl,-soname,libsignaal.so.$(SOVERSION) -Wl,--version-script=$(BUILD)/signaal.map -Wl,-z,defs -o $@ $(RUNTIME_PIC) $(LDFLAGS)
	ln -sf $(@F) $(BUILD)/libsignaal.so.$(SOVERSION)
	ln -sf libsignaal.so.$(SOVERSION) $(BUILD)/libsignaal.so
# (the compiler reads and writes dates through the runtime's public API)
$(SO_C): $(COMPILER_PIC) $(BUILD)/signaal_compiler.map $(SO_RT)
	$(CC) -shared -Wl,-soname,libsignaalc.so.$(SOVERSION) -Wl,--version-script=$(BUILD)/signaal_compiler.map -Wl,-z,defs -o $@ $(COMPILER_PIC) -L$(BUILD) -lsignaal $(LDFLAGS)
	ln -sf $(@F) $(BUILD)/libsignaalc.so.$(SOVERSION)
	ln -sf libsignaalc.so.$(SOVERSION) $(BUILD)/libsignaalc.so
# (the case-file library: the runtime's public API and jansson)
$(SO_J): $(JSON_PIC) $(BUILD)/signaal_json.map $(SO_RT)
	$(CC) -shared -Wl,-soname,libsignaal-json.so.$(SOVERSION) -Wl,--version-script=$(BUILD)/signaal_json.map -Wl,-z,defs -o $@ $(JSON_PIC) -L$(BUILD) -lsignaal -ljansson $(LDFLAGS)
	ln -sf $(@F) $(BUILD)/libsignaal-json.so.$(SOVERSION)
	ln -sf libsignaal-json.so.$(SOVERSION) $(BUILD)/libsignaal-json.so
# (lang.o is made again when localedir changes: the stamp holds it)
$(BUILD)/install/localedir: FORCE
	@mkdir -p $(@D)
	@echo '$(localedir)' | cmp -s - $@ || echo '$(localedir)' > $@
$(BUILD)/install/lang.o: cli/lang.c $(BUILD)/install/localedir
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CLI_INC) -DSG_LOCALEDIR='"$(localedir)"' -MMD -MP -c -o $@ $<
$(BIN_SHARED): $(CLI_SHARED_OBJ) $(SO_RT) $(SO_C) $(SO_J)
	$(CC) $(CFLAGS) -o $@ $(CLI_SHARED_OBJ) -L$(BUILD) -lsignaal-json -lsignaalc -lsignaal -ljansson -lyajl -lmicrohttpd -pthread $(LDFLAGS)
$(BUILD)/%.pc: tools/%.pc.in include/signaal.h
	sed -e 's|@prefix@|$(prefix)|; s|@libdir@|$(libdir)|; s|@includedir@|$(includedir)|; s|@version@|$(SG_VERSION_NUM)|' $< > $@
$(BUILD)/man/signaal.1: $(BIN)
	sh tools/mkman.sh $(BIN) $(BUILD)/man

FORCE:
shared: $(SO_RT) $(SO_C) $(SO_J) $(BIN_SHARED)
install: shared $(LIBRT) $(LIBC) $(LIBJ) $(MO) $(BUILD)/signaal.pc $(BUILD)/signaal-compiler.pc \
         $(BUILD)/signaal-json.pc $(BUILD)/man/signaal.1
	$(INSTALL) -d $(DESTDIR)$(bindir) $(DESTDIR)$(libdir) $(DESTDIR)$(includedir) $(DESTDIR)$(pkgconfigdir) \
	  $(DESTDIR)$(mandir)/man1 $(DESTDIR)$(bashcompdir) $(DESTDIR)$(localedir)/nl/LC_MESSAGES
	$(INSTALL) -m 755 $(BIN_SHARED) $(DESTDIR)$(bindir)/signaal
	$(INSTALL) -m 644 $(LIBRT) $(LIBC) $(LIBJ) $(DESTDIR)$(libdir)/
	$(INSTALL) -m 755 $(SO_RT) $(SO_C) $(SO_J) $(DESTDIR)$(libdir)/
	ln -sf $(notdir $(SO_RT)) $(DESTDIR)$(libdir)/libsignaal.so.$(SOVERSION)
	ln -sf libsignaal.so.$(SOVERSION) $(DESTDIR)$(libdir)/libsignaal.so
	ln -sf $(notdir $(SO_C)) $(DESTDIR)$(libdir)/libsignaalc.so.$(SOVERSION)
	ln -sf libsignaalc.so.$(SOVERSION) $(DESTDIR)$(libdir)/libsignaalc.so
	ln -sf $(notdir $(SO_J)) $(DESTDIR)$(libdir)/libsignaal-json.so.$(SOVERSION)
	ln -sf libsignaal-json.so.$(SOVERSION) $(DESTDIR)$(libdir)/libsignaal-json.so
	$(INSTALL) -m 644 include/signaal.h include/signaal_compiler.h include/signaal_json.h $(DESTDIR)$(includedir)/
	$(INSTALL) -m 644 $(BUILD)/signaal.pc $(BUILD)/signaal-compiler.pc $(BUILD)/signaal-json.pc $(DESTDIR)$(pkgconfigdir)/
	$(INSTALL) -m 644 $(BUILD)/man/*.1 $(DESTDIR)$(mandir)/man1/
	$(INSTALL) -m 644 completion/signaal.bash $(DESTDIR)$(bashcompdir)/signaal
	$(INSTALL) -m 644 $(MO) $(DESTDIR)$(localedir)/nl/LC_MESSAGES/signaal.mo
uninstall:
	rm -f $(DESTDIR)$(bindir)/signaal $(DESTDIR)$(includedir)/signaal.h $(DESTDIR)$(includedir)/signaal_compiler.h \
	  $(DESTDIR)$(includedir)/signaal_json.h \
	  $(DESTDIR)$(libdir)/libsignaal.a $(DESTDIR)$(libdir)/libsignaalc.a $(DESTDIR)$(libdir)/libsignaal-json.a \
	  $(DESTDIR)$(libdir)/libsignaal.so* $(DESTDIR)$(libdir)/libsignaalc.so* $(DESTDIR)$(libdir)/libsignaal-json.so* \
	  $(DESTDIR)$(pkgconfigdir)/signaal.pc $(DESTDIR)$(pkgconfigdir)/signaal-compiler.pc \
	  $(DESTDIR)$(pkgconfigdir)/signaal-json.pc \
	  $(DESTDIR)$(mandir)/man1/signaal.1 $(DESTDIR)$(mandir)/man1/signaal-*.1 \
	  $(DESTDIR)$(bashcompdir)/signaal $(DESTDIR)$(localedir)/nl/LC_MESSAGES/signaal.mo

# ---- release: a tarball and Debian packages (docs/api.md "Packages") ----
DIST := signaal-$(SG_VERSION_NUM)
# The committed tree of HEAD, with its version in the name.
dist:
	@mkdir -p $(BUILD)
	git archive --format=tar.gz --prefix=$(DIST)/ -o $(BUILD)/$(DIST).tar.gz HEAD
	@echo "$(BUILD)/$(DIST).tar.gz"
# The three packages (signaal, libsignaal0, libsignaal-dev) built by
# dpkg-buildpackage from that tarball in $(BUILD)/deb, then lintian, which
# must report no error or warning (make deb-deps installs the tools).
DEB_TOOLS := debhelper lintian dpkg-dev fakeroot
deb-deps:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(DEB_TOOLS)
deb: dist
	rm -rf $(BUILD)/deb && mkdir -p $(BUILD)/deb
	tar -xzf $(BUILD)/$(DIST).tar.gz -C $(BUILD)/deb
	cd $(BUILD)/deb/$(DIST) && dpkg-buildpackage -us -uc -b > ../build.log 2>&1 || { tail -40 ../build.log; exit 1; }
	cd $(BUILD)/deb && lintian --fail-on error,warning signaal_$(SG_VERSION_NUM)_*.changes
	@ls $(BUILD)/deb/*.deb

# ---- the runtime as WebAssembly (docs/web-wasm.md): make web ----
# The runtime (runtime/*.c, libc only) and web/wasm/glue.c, built with
# clang for wasm32-wasi against Debian's wasi-libc and linked by wasm-ld
# (lld) into $(BUILD)/web/signaal.wasm, exporting the public API
# (api-signaal.txt, made from include/signaal.h) and the glue's sgw_*;
# beside it the engine (web/engine-wasm.js), the bundled rulebook's image,
# signaal-data.js (both in base64, for a page opened as a file) and
# README.txt: a static directory a page runs from without a server (the
# objects and the export list in $(BUILD)/wasm).
# Debian's wasi-libc puts its headers and libc.a where clang-14 looks for
# wasm32-wasi (/usr/include/wasm32-wasi, /usr/lib/wasm32-wasi); WASI_SYSROOT
# names a sysroot elsewhere (wasi-sdk's share/wasi-sysroot). No
# compiler-rt is linked (-nodefaultlibs): the runtime needs none of its
# builtins. tools/wasm-toolchain.sh says what is missing when it cannot build.
WASM_CC      ?= clang
WASI_SYSROOT ?=
WEB          := $(BUILD)/web
WASM_TMP     := $(BUILD)/wasm
WASM_TARGET  := --target=wasm32-wasi $(if $(WASI_SYSROOT),--sysroot=$(WASI_SYSROOT))
WASM_CFLAGS  := $(WARN) -O2 $(CPPFLAGS) $(WASM_TARGET)
WASM_OBJ     := $(RUNTIME_SRC:%.c=$(WASM_TMP)/%.o) $(WASM_TMP)/web/wasm/glue.o
# 1 MiB of stack (wasm-ld's default is 64 KiB); the heap grows as malloc asks
WASM_LDFLAGS := $(WASM_TARGET) -nostartfiles -nodefaultlibs -Wl,--no-entry -Wl,--strip-all \
                -Wl,-z,stack-size=1048576
# and the case worker's page (docs/web.md, "Offline, in the browser"): the
# same app.js and style.css, index.html with the local engine's scripts
# before app.js, page-data.js (info --json and schema of the rulebook)
WEB_PAGE     := $(WEB)/index.html $(WEB)/app.js $(WEB)/style.css $(WEB)/engine-local.js $(WEB)/page-data.js
WEB_OUT      := $(WEB)/signaal.wasm $(WEB)/engine-wasm.js $(WEB)/uitbuiting.rbc \
                $(WEB)/signaal-data.js $(WEB)/README.txt $(WEB_PAGE)
# make test builds and tests it when the toolchain is there (WEB_TEST=0:
# never; the other builds of make check leave it to make test)
WEB_TEST     ?= 1

web: $(WEB_OUT)
# (first, once: whether the toolchain is there, and if not, what is missing)
web-toolchain:
	@sh tools/wasm-toolchain.sh "$(WASM_CC)" "$(WASI_SYSROOT)" || \
	  { echo "make web: install clang, wasi-libc and lld (make deps)"; exit 1; }
$(WASM_OBJ): | web-toolchain
$(WASM_TMP)/runtime/%.o: runtime/%.c
	@mkdir -p $(@D)
	$(WASM_CC) $(WASM_CFLAGS) $(RUNTIME_INC) -MMD -MP -c -o $@ $<
$(WASM_TMP)/web/wasm/%.o: web/wasm/%.c
	@mkdir -p $(@D)
	$(WASM_CC) $(WASM_CFLAGS) -Iinclude -MMD -MP -c -o $@ $<
# (the public API's exports as a response file: one -Wl,--export= a function)
$(WASM_TMP)/exports.rsp: $(BUILD)/api-signaal.txt
	@mkdir -p $(@D)
	sed 's/^/-Wl,--export=/' $< > $@
$(WEB)/signaal.wasm: $(WASM_OBJ) $(WASM_TMP)/exports.rsp
	@mkdir -p $(@D)
	$(WASM_CC) $(WASM_LDFLAGS) @$(WASM_TMP)/exports.rsp -o $@.tmp $(WASM_OBJ) -lc && mv $@.tmp $@
$(addprefix $(WEB)/,engine-wasm.js engine-local.js app.js style.css): $(WEB)/%: web/%
	@mkdir -p $(@D)
	cp $< $@
# the page itself, one source: web/index.html with the offline engine's
# scripts put before app.js (all deferred: they run in this order)
$(WEB)/index.html: web/index.html
	@mkdir -p $(@D)
	sed 's|^<script src="app.js" defer></script>$$|<script src="signaal-data.js" defer></script>\n<script src="page-data.js" defer></script>\n<script src="engine-wasm.js" defer></script>\n<script src="engine-local.js" defer></script>\n&|' $< > $@.tmp
	@grep -q 'src="engine-local.js"' $@.tmp || { echo "make web: no <script src=\"app.js\" defer> line in web/index.html"; rm -f $@.tmp; exit 1; }
	mv $@.tmp $@
# what GET /v1/info and GET /v1/schema answer, for the page without a server
$(WEB)/page-data.js: $(WEB)/uitbuiting.rbc
	{ echo '/* page-data.js — made by make web: signaal info --json and signaal schema of uitbuiting.rbc (docs/web.md) */'; \
	  printf 'globalThis.SignaalPageData = {\n"info": '; $(BIN) info --json $<; \
	  printf ',\n"schema": '; $(BIN) schema $<; printf '};\n'; } > $@.tmp && mv $@.tmp $@
$(WEB)/README.txt: web/wasm/README.txt
	@mkdir -p $(@D)
	cp $< $@
$(WEB)/uitbuiting.rbc: $(BIN) $(wildcard rules/uitbuiting.rules rules/uitbuiting/*.rules)
	@mkdir -p $(@D)
	$(BIN) compile rules/uitbuiting.rules -o $@
# the module and the image in base64, for a page without a server (fetch
# does not read files): <script src="signaal-data.js"> before the engine
$(WEB)/signaal-data.js: $(WEB)/signaal.wasm $(WEB)/uitbuiting.rbc
	{ echo '/* signaal-data.js — made by make web: signaal.wasm and uitbuiting.rbc in base64 (docs/web-wasm.md) */'; \
	  printf 'globalThis.SignaalWasmData = {\n  wasm: "'; base64 -w0 $(WEB)/signaal.wasm; \
	  printf '",\n  rulebook: "'; base64 -w0 $(WEB)/uitbuiting.rbc; printf '"\n};\n'; } > $@.tmp && mv $@.tmp $@
-include $(WASM_OBJ:.o=.d)

demo: $(BIN)
	$(BIN) compile rules/uitbuiting.rules -o $(BUILD)/uitbuiting.rbc
	$(BIN) eval $(BUILD)/uitbuiting.rbc --facts rules/examples/01-zakkenroller-dinsdag.json --now 2016-11-08T12:00

bench: $(BIN) $(LIBCLI)
	@CC="$(CC)" CFLAGS="$(CFLAGS)" sh bench/run.sh $(BUILD)
	@CC="$(CC)" CFLAGS="$(CFLAGS)" sh bench/compare.sh $(BUILD)
bench-compare: $(BIN)
	@CC="$(CC)" CFLAGS="$(CFLAGS)" sh bench/compare.sh $(BUILD)
# The load test of signaal serve for 60 s (bench/serve.sh; bench/RESULTS.md).
bench-serve: $(BIN)
	@sh bench/serve.sh 60 $(BUILD)

clean:
	rm -rf $(BUILD) build-asan build-O0 build-switch build-oom build-cov build-tsan \
	  $(COMPILER_BUILDS:%=build-%)

-include $(RUNTIME_OBJ:.o=.d) $(COMPILER_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(BUILD)/runtime/test/load.d $(BUILD)/runtime/test/index.d \
  $(RUNTIME_PIC:.o=.d) $(COMPILER_PIC:.o=.d) $(JSON_OBJ:.o=.d) $(JSON_PIC:.o=.d)

# ---- fuzzing (fuzz/README.md): the libraries again with clang, ASan, UBSan and
# libFuzzer coverage in $(BUILD)/fuzz, then every target for FUZZ_SECONDS ----
FUZZ_SECONDS ?= 60
.PHONY: fuzz fuzz-ci
fuzz: $(BIN)
	$(MAKE) BUILD=$(BUILD)/fuzz CC=clang CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" $(BUILD)/fuzz/libsignaal-test.a $(BUILD)/fuzz/libsignaal.a $(BUILD)/fuzz/libsignaalc.a $(BUILD)/fuzz/libsignaal-json.a $(BUILD)/fuzz/libsignaal-cli.a
	@sh fuzz/run.sh $(BUILD)/fuzz $(FUZZ_SECONDS)

# What CI runs after `make check`: every target for 60 s.
fuzz-ci:
	$(MAKE) fuzz FUZZ_SECONDS=60
