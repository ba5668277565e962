# decruft: a plain Makefile.  CFLAGS is yours; the warnings and the language
# level the project requires live in REQ_CFLAGS.

VERSION   := 0.1.0
SOVERSION := 0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
LIBDIR    ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR    ?= $(PREFIX)/share/man
DATADIR   ?= $(PREFIX)/share
DESTDIR   ?=
CC        ?= cc
CXX       ?= c++
CFLAGS    ?= -O2 -g
BUILD     ?= build
BENCH_DATA ?= ../shared/bench

# jansson: JSON-LD metadata in the library, JSON Lines in the command line;
# uchardet: the encoding of pages that do not declare theirs.
PKGS        := libpcre2-8 libxml-2.0 zlib jansson uchardet
DEP_CFLAGS  := $(shell pkg-config --cflags $(PKGS))
DEP_LIBS    := $(shell pkg-config --libs $(PKGS))
# Hidden visibility and PIC: one set of objects serves the static and the
# shared library, and only the DECRUFT_API functions are exported.
REQ_CFLAGS  := -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -Wshadow \
               -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith -Wvla \
               -Iinclude -iquote src $(DEP_CFLAGS)
LIBS        := $(DEP_LIBS) -lpthread -lm

LIB_SRC := $(wildcard src/*.c)
LIB_OBJ := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC)) $(BUILD)/obj/data.o $(BUILD)/obj/casefold.o
CLI_SRC := $(wildcard src/cli/*.c)
CLI_OBJ := $(patsubst src/cli/%.c,$(BUILD)/obj/cli/%.o,$(CLI_SRC))
STOPWORDS := $(sort $(wildcard data/stopwords/*.txt))

LIB_CFLAGS := -fPIC -fvisibility=hidden

.PHONY: run-fixtures formats-test batch-test slurm-test bad-input-test pathological-test attributes-test
.PHONY: asan-build asan-unit asan-fixtures asan-formats asan-batch asan-fuzz
.PHONY: prefilter-test valgrind tsan bench-profile train oof model-test check-fresh check-suites check-oom check-limits
.PHONY: all check test unit fixtures asan bench bench-peers clean install uninstall install-test api-test python-test
all: $(BUILD)/decruft $(BUILD)/libdecruft.a $(BUILD)/libdecruft.so

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h) include/decruft.h
	@mkdir -p $(dir $@)
	$(CC) $(REQ_CFLAGS) $(LIB_CFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/cli/%.o: src/cli/%.c $(wildcard src/cli/*.h) include/decruft.h
	@mkdir -p $(dir $@)
	$(CC) $(REQ_CFLAGS) $(CFLAGS) -c $< -o $@

# Data files are compiled in: the binary needs nothing at run time.
$(BUILD)/bin2c: tools/bin2c.c
	@mkdir -p $(dir $@)
	$(CC) $(REQ_CFLAGS) -O1 $< -o $@

$(BUILD)/stopwords.blob: $(STOPWORDS)
	@mkdir -p $(dir $@)
	@for f in $(STOPWORDS); do printf '@%s\n' "$$(basename $$f .txt)"; cat $$f; done > $@

# The models are packed first (tools/modelpack.c): read at start-up as
# they lie, not parsed from 2 MB of text.
$(BUILD)/modelpack: tools/modelpack.c src/model_form.c src/gbdt.c src/model.h src/gbdt.h src/blockvec.h src/block.h
	@mkdir -p $(dir $@)
	$(CC) $(REQ_CFLAGS) -O1 tools/modelpack.c src/model_form.c src/gbdt.c -lm -o $@

$(BUILD)/model-%.pack: $(BUILD)/modelpack data/model-%.txt
	$(BUILD)/modelpack data/model-$*.txt $@.tmp && mv $@.tmp $@

$(BUILD)/data.c: $(BUILD)/bin2c $(BUILD)/stopwords.blob data/rules.txt data/signals.txt $(BUILD)/model-html.pack \
    $(BUILD)/model-text.pack
	$(BUILD)/bin2c $@ decruft_stopwords_blob $(BUILD)/stopwords.blob decruft_rules_blob data/rules.txt \
	    decruft_signals_blob data/signals.txt decruft_model_html_blob $(BUILD)/model-html.pack \
	    decruft_model_text_blob $(BUILD)/model-text.pack

# PCRE2's caseless classes, for the rules' prefilter: asked of the PCRE2
# this build links (a scan of every code point, too slow at run time).
$(BUILD)/casefold: tools/casefold.c src/utf8.c src/utf8.h
	@mkdir -p $(dir $@)
	$(CC) $(REQ_CFLAGS) -O1 tools/casefold.c src/utf8.c $(DEP_LIBS) -o $@

$(BUILD)/casefold.c: $(BUILD)/casefold
	$(BUILD)/casefold > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/casefold.o: $(BUILD)/casefold.c
	@mkdir -p $(dir $@)
	$(CC) $(REQ_CFLAGS) $(LIB_CFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/data.o: $(BUILD)/data.c
	@mkdir -p $(dir $@)
	$(CC) $(REQ_CFLAGS) $(LIB_CFLAGS) $(CFLAGS) -c $< -o $@

# The tests reach inside the library: they link every object as it is.
$(BUILD)/libdecruft-internal.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

# The installed static library is one object whose hidden symbols are made
# local, so it exports what the shared library does and its internal names
# (buf_put, lang_detect...) cannot clash with a program's.
$(BUILD)/libdecruft.a: $(LIB_OBJ)
	rm -f $@ $(BUILD)/decruft-all.o
	ld -r -o $(BUILD)/decruft-all.o $^
	objcopy --localize-hidden $(BUILD)/decruft-all.o
	ar rcs $@ $(BUILD)/decruft-all.o

$(BUILD)/libdecruft.so.$(VERSION): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libdecruft.so.$(SOVERSION) $(LDFLAGS) $^ $(LIBS) -o $@

$(BUILD)/libdecruft.so: $(BUILD)/libdecruft.so.$(VERSION)
	ln -sf libdecruft.so.$(VERSION) $(BUILD)/libdecruft.so.$(SOVERSION)
	ln -sf libdecruft.so.$(VERSION) $@

$(BUILD)/decruft: $(CLI_OBJ) $(BUILD)/libdecruft.a
	$(CC) $(CFLAGS) $(LDFLAGS) $(CLI_OBJ) $(BUILD)/libdecruft.a $(LIBS) -o $@

# The learned model (data/model-html.txt), its out-of-fold figures
# (bench/oof/) and the trainer's predictions on the fixtures
# (tests/model-sample.tsv), from the dev pages in BENCH_DATA; needs
# python3-xgboost.  Not part of make check, which checks the shipped model.
train: $(BUILD)/blockdump
	tools/train.sh $(BUILD)/blockdump $(BENCH_DATA) $(BUILD)/train

# The out-of-fold figures again, with the fold models of the last make
# train, after a change to the stages around the model.
oof: $(BUILD)/blockdump
	tools/train.sh --oof-only $(BUILD)/blockdump $(BENCH_DATA) $(BUILD)/train

# The model's training data and its check against the trainer.
$(BUILD)/blockdump: tools/blockdump.c $(BUILD)/libdecruft-internal.a
	$(CC) $(REQ_CFLAGS) $(CFLAGS) $(LDFLAGS) $< $(BUILD)/libdecruft-internal.a $(LIBS) -o $@

$(BUILD)/prefilter: tests/prefilter.c $(BUILD)/libdecruft-internal.a
	$(CC) $(REQ_CFLAGS) $(CFLAGS) $(LDFLAGS) $< $(BUILD)/libdecruft-internal.a $(LIBS) -o $@

$(BUILD)/unit: tests/unit.c $(BUILD)/libdecruft-internal.a
	$(CC) $(REQ_CFLAGS) $(CFLAGS) $(LDFLAGS) $< $(BUILD)/libdecruft-internal.a $(LIBS) -o $@

# libxml2 running out of memory, injected through xmlMemSetup in a program
# of its own (tests/html_oom.c): each allocation of each HTML fixture's
# parse fails in turn.
$(BUILD)/html-oom: tests/html_oom.c $(BUILD)/libdecruft.a
	$(CC) $(REQ_CFLAGS) $(CFLAGS) $(LDFLAGS) $< $(BUILD)/libdecruft.a $(LIBS) -o $@

check-oom: $(BUILD)/html-oom
	$(BUILD)/html-oom fixtures/html-*/input.html

# The rules' matching budget on adversarial blocks (tests/rules_budget.c).
$(BUILD)/rules-budget: tests/rules_budget.c $(BUILD)/libdecruft-internal.a
	$(CC) $(REQ_CFLAGS) $(CFLAGS) $(LDFLAGS) $< $(BUILD)/libdecruft-internal.a $(LIBS) -o $@

# The test command of the README: unit tests, fixtures, the public API
# (C, C++, threads), an install into a temporary DESTDIR, the Python
# binding, the batch modes, hostile and pathological inputs, then the
# unit tests, fixtures, batch tests and fuzz replays under AddressSanitizer
# and UBSan, and the fixtures under valgrind when it is installed.  The
# suites run side by side, one per processor (CHECK_JOBS), each printing
# its output when it ends (-Otarget) and its "N passed, N failed"; the
# last line sums them, with the suites that were skipped (no clang, no
# valgrind, not root).
CHECK_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
check:
	@mkdir -p $(BUILD)
	@{ $(MAKE) --no-print-directory -k -j$(CHECK_JOBS) -Otarget check-suites; echo $$? >$(BUILD)/check.status; } 2>&1 | \
	    tee $(BUILD)/check.log
	@awk -v status="$$(cat $(BUILD)/check.status)" \
	    '/^([a-z]+: )?[0-9]+ passed, [0-9]+ failed$$/ { n++; p += $$(NF - 3); f += $$(NF - 1) } /[Ss]kip/ { s++ } \
	    END { printf "make check: %s: %d passed, %d failed in %d suites, %d skipped%s\n", \
	        status == 0 ? "OK" : "FAILED", p, f, n, s, s ? " (see the skip lines above)" : "" }' $(BUILD)/check.log
	@exit "$$(cat $(BUILD)/check.status)"

# The longest suites first, so that -j keeps every processor busy.
check-suites: asan valgrind tsan batch-test bad-input-test slurm-test formats-test run-fixtures pathological-test \
    check-oom unit prefilter-test model-test api-test install-test python-test attributes-test
batch-test: $(BUILD)/decruft
	tests/batch.sh $(BUILD)/decruft
slurm-test: $(BUILD)/decruft
	tests/slurm.sh $(BUILD)/decruft
bad-input-test: $(BUILD)/decruft
	tests/bad-input.sh $(BUILD)/decruft
pathological-test: $(BUILD)/decruft
	tests/pathological.sh $(BUILD)/decruft
attributes-test:
	tests/attributes.sh

# Heavy limits (hundreds of threads under a 2 GB address-space limit; about
# a minute): .ci/run runs it.
check-limits: $(BUILD)/decruft
	tests/limits.sh $(BUILD)/decruft

# The README's Quick start, verbatim, on a fresh Debian 12 made with
# debootstrap (root; about 6 minutes; .ci/run runs it).
check-fresh:
	tests/fresh-debian.sh

# The worker pool under ThreadSanitizer (clang), on every mode with threads.
tsan:
	@if command -v clang >/dev/null 2>&1; then \
	    $(MAKE) -s BUILD=build/tsan CC=clang CFLAGS="-O1 -g -fsanitize=thread" LDFLAGS="-fsanitize=thread" \
	        build/tsan/decruft && TSAN_OPTIONS=halt_on_error=1 tests/threads.sh build/tsan/decruft; \
	else echo "clang not installed: ThreadSanitizer run skipped"; fi
valgrind: $(BUILD)/decruft
	@if command -v valgrind >/dev/null 2>&1; then \
	    tests/valgrind.sh $(BUILD)/decruft fixtures; \
	else echo "valgrind not installed: skipped"; fi

test: check

# The C inference gives the trainer's probabilities on the HTML fixtures.
model-test: $(BUILD)/blockdump
	tests/model.sh $(BUILD)/blockdump

unit: $(BUILD)/unit $(BUILD)/rules-budget
	$(BUILD)/unit
	$(BUILD)/rules-budget

# The rules answer the same with and without their prefilter, on every
# block of the fixtures, with the built-in rules and with user rules.
prefilter-test: $(BUILD)/prefilter
	$(BUILD)/prefilter fixtures/*/input.* tests/prefilter-blocks.txt
	$(BUILD)/prefilter -r fixtures/user-rules/extra.rules -r tests/prefilter.rules fixtures/*/input.* \
	    tests/prefilter-blocks.txt
	$(BUILD)/prefilter -r tests/prefilter.rules -r tests/prefilter-opaque.rules fixtures/*/input.* \
	    tests/prefilter-blocks.txt
	$(BUILD)/prefilter -r tests/prefilter.rules -r tests/prefilter-verbs.rules fixtures/*/input.* \
	    tests/prefilter-blocks.txt

# The fixtures, then the text of -f markdown and -f html against -f text
# on each of them, the sanitiser and the formats of the batch modes.
fixtures: run-fixtures formats-test
run-fixtures: $(BUILD)/decruft
	tests/run-fixtures.sh $(BUILD)/decruft fixtures
formats-test: $(BUILD)/decruft
	tests/formats.sh $(BUILD)/decruft fixtures

$(BUILD)/api: tests/api.c $(BUILD)/libdecruft.a
	$(CC) -std=c11 -Wall -Wextra -Werror -pedantic -Iinclude $(CFLAGS) $(LDFLAGS) $< $(BUILD)/libdecruft.a $(LIBS) -o $@

$(BUILD)/api-cxx: tests/api_cxx.cc $(BUILD)/libdecruft.a
	$(CXX) -std=c++11 -Wall -Wextra -Werror -pedantic -Iinclude $(CXXFLAGS) $(LDFLAGS) $< $(BUILD)/libdecruft.a $(LIBS) -o $@

api-test: $(BUILD)/api $(BUILD)/api-cxx
	$(BUILD)/api fixtures/*/input.html fixtures/seed-yonhap/input.txt fixtures/keep-lists/input.txt
	$(BUILD)/api-cxx

install-test: all
	MAKE="$(MAKE)" tests/install.sh

python-test: $(BUILD)/libdecruft.so
	DECRUFT_LIBRARY=$(BUILD)/libdecruft.so python3 tests/test_python.py

# The sanitizer build, then its suites (side by side under make -j).
ASAN_MAKE = $(MAKE) BUILD=build/asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
    -fno-sanitize-recover=all" LDFLAGS="-fsanitize=address,undefined"
ASAN_RUN  = ASAN_OPTIONS=detect_leaks=1
asan: asan-unit asan-fixtures asan-formats asan-batch asan-fuzz
asan-build:
	+$(ASAN_MAKE) build/asan/decruft build/asan/unit build/asan/prefilter build/asan/rules-budget \
	    $(addprefix build/asan/fuzz-replay/fuzz_,$(FUZZ_TARGETS))
asan-unit: asan-build
	$(ASAN_RUN) build/asan/unit
	$(ASAN_RUN) build/asan/prefilter -r tests/prefilter.rules -r tests/prefilter-opaque.rules \
	    -r tests/prefilter-verbs.rules fixtures/*/input.* tests/prefilter-blocks.txt
	$(ASAN_RUN) build/asan/rules-budget 2000
asan-fixtures: asan-build
	$(ASAN_RUN) tests/run-fixtures.sh build/asan/decruft fixtures
asan-formats: asan-build
	$(ASAN_RUN) tests/formats.sh build/asan/decruft fixtures
asan-batch: asan-build
	$(ASAN_RUN) tests/batch.sh build/asan/decruft
asan-fuzz: asan-build
	+$(ASAN_RUN) $(ASAN_MAKE) fuzz-replay

# Fuzzing (issue 5): a libFuzzer target per input path, under ASan and
# UBSan, FUZZ_SECONDS each, corpora seeded from the fixtures.  The same
# targets build without libFuzzer as replay programs (fuzz/replay.c) that
# make check runs on the seeds and on every crash ever found
# (fuzz/regressions/).
FUZZ_TARGETS := text html clean rules batch
FUZZ_SECONDS ?= 60
# Inputs up to 1 MiB: by default libFuzzer caps them near the largest seed
# (they stayed under 6 KB).
FUZZ_MAX_LEN ?= 1048576
FUZZ_CC      ?= clang
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_SRC     := $(LIB_SRC) $(filter-out src/cli/main.c,$(CLI_SRC))
FUZZ_CFLAGS   = -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -Iinclude -iquote src -iquote src/cli \
               $(DEP_CFLAGS)
FUZZ_LIBS     = $(LIBS)
fuzz_main_text  := fuzz/fuzz_clean.c -DFORCE_TYPE=1
fuzz_main_html  := fuzz/fuzz_clean.c -DFORCE_TYPE=2
fuzz_main_clean := fuzz/fuzz_clean.c
fuzz_main_rules := fuzz/fuzz_rules.c
fuzz_main_batch := fuzz/fuzz_batch.c

.PHONY: fuzz fuzz-replay
build/fuzz/fuzz_%: fuzz/*.c $(FUZZ_SRC) $(wildcard src/*.h src/cli/*.h) $(BUILD)/data.c $(BUILD)/casefold.c
	@mkdir -p build/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FUZZ_SAN) $(fuzz_main_$*) $(FUZZ_SRC) $(BUILD)/data.c $(BUILD)/casefold.c $(FUZZ_LIBS) -o $@

# The replay programs link the objects of their BUILD (make asan's, under
# the sanitizers) instead of compiling the library again for each target.
REPLAY_OBJ = $(filter-out $(BUILD)/obj/cli/main.o,$(CLI_OBJ)) $(BUILD)/libdecruft-internal.a
$(BUILD)/fuzz-replay/fuzz_%: fuzz/*.c $(REPLAY_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) fuzz/replay.c $(fuzz_main_$*) $(REPLAY_OBJ) $(FUZZ_LIBS) -o $@

# The seed corpus of a target: fixtures for documents, the rules files for
# rules, small JSON Lines and WARC files for batch.
fuzz_seeds_text  := fixtures/*/input.*
fuzz_seeds_html  := fixtures/html-*/input.*
fuzz_seeds_clean := fixtures/*/input.*
fuzz_seeds_rules := data/rules.txt fixtures/*/*.rules
fuzz_seeds_batch := fuzz/seeds/batch/*

fuzz: $(addprefix build/fuzz/fuzz_,$(FUZZ_TARGETS))
	@for t in $(FUZZ_TARGETS); do \
	    mkdir -p build/fuzz/corpus-$$t build/fuzz/crashes-$$t; \
	    case $$t in text) s="$(fuzz_seeds_text)";; html) s="$(fuzz_seeds_html)";; clean) s="$(fuzz_seeds_clean)";; \
	        rules) s="$(fuzz_seeds_rules)";; batch) s="$(fuzz_seeds_batch)";; esac; \
	    for f in $$s; do cp "$$f" "build/fuzz/corpus-$$t/$$(echo "$$f" | tr / _)"; done; \
	    echo "== fuzz_$$t, $(FUZZ_SECONDS) s"; \
	    build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	        -artifact_prefix=build/fuzz/crashes-$$t/ build/fuzz/corpus-$$t 2>build/fuzz/log-$$t.txt; \
	    status=$$?; grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' build/fuzz/log-$$t.txt; \
	    ls build/fuzz/crashes-$$t | sed 's/^/finding: /'; [ $$status = 0 ] || exit $$status; \
	done

fuzz-replay: $(addprefix $(BUILD)/fuzz-replay/fuzz_,$(FUZZ_TARGETS))
	$(BUILD)/fuzz-replay/fuzz_text $(fuzz_seeds_text) $(wildcard fuzz/regressions/text/*)
	$(BUILD)/fuzz-replay/fuzz_html $(fuzz_seeds_html) $(wildcard fuzz/regressions/html/*)
	$(BUILD)/fuzz-replay/fuzz_clean $(fuzz_seeds_clean) $(wildcard fuzz/regressions/clean/*)
	$(BUILD)/fuzz-replay/fuzz_rules $(fuzz_seeds_rules) $(wildcard fuzz/regressions/rules/*)
	$(BUILD)/fuzz-replay/fuzz_batch $(fuzz_seeds_batch) $(wildcard fuzz/regressions/batch/*)

# Quality (F1) and speed on the shared benchmark data.
bench: $(BUILD)/decruft $(BUILD)/speed $(BUILD)/memory $(BUILD)/peak_heap.so
	bench/run.sh $(BUILD)/decruft $(BUILD)/speed $(BENCH_DATA)
	bench/formats.sh $(BUILD)/decruft $(BENCH_DATA)
	bench/batch.sh $(BUILD)/decruft $(BENCH_DATA)
	bench/linear.sh $(BUILD)/decruft

# The peers the package registries hold, installed and run beside decruft
# on the same pages (needs root for apt-get, and npm).
bench-peers: $(BUILD)/decruft $(BUILD)/speed
	bench/peers/run.sh $(BUILD)/decruft $(BUILD)/speed $(BENCH_DATA)

# The profile thresholds, on two multi-page sites Debian ships (about 2 min;
# apt-get install lynx python3-doc postgresql-doc-15).
PROFILE_SITES ?= python=/usr/share/doc/python3-doc/html postgresql=$(firstword $(wildcard /usr/share/doc/postgresql-doc-*/html))
bench-profile: $(BUILD)/decruft
	@command -v lynx >/dev/null && [ -d /usr/share/doc/python3-doc/html ] || \
	    { echo "bench-profile: apt-get install lynx python3-doc postgresql-doc-15 (or set PROFILE_SITES)"; exit 2; }
	python3 bench/profile-tune.py $(BUILD)/decruft $(PROFILE_SITES)

$(BUILD)/speed: bench/speed.c bench/load.h $(BUILD)/libdecruft-internal.a
	$(CC) $(REQ_CFLAGS) $(CFLAGS) $(LDFLAGS) $< $(BUILD)/libdecruft-internal.a $(LIBS) -o $@

# Peak heap a page (bench/memory.c), counted by an LD_PRELOAD library.
$(BUILD)/memory: bench/memory.c bench/load.h $(BUILD)/libdecruft-internal.a
	$(CC) $(REQ_CFLAGS) $(CFLAGS) $(LDFLAGS) $< $(BUILD)/libdecruft-internal.a $(LIBS) -ldl -o $@

$(BUILD)/peak_heap.so: bench/peak_heap.c
	$(CC) $(REQ_CFLAGS) $(CFLAGS) -shared -fPIC $< -ldl -o $@

# Steps a byte of the pages named (the work budget's headroom).
$(BUILD)/work: bench/work.c bench/load.h $(BUILD)/libdecruft-internal.a
	$(CC) $(REQ_CFLAGS) $(CFLAGS) $(LDFLAGS) $< $(BUILD)/libdecruft-internal.a $(LIBS) -o $@

# decruft.pc is written at install time: it names the PREFIX of this install.
# decruft-static.pc names libdecruft.a itself: with both libraries
# installed, the linker takes the .so for the -ldecruft of decruft.pc, and
# pkg-config --static can only add flags after it.
install: $(BUILD)/decruft $(BUILD)/libdecruft.a $(BUILD)/libdecruft.so
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR) \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 \
	    $(DESTDIR)$(DATADIR)/bash-completion/completions $(DESTDIR)$(DATADIR)/zsh/site-functions
	install -m 755 $(BUILD)/decruft $(DESTDIR)$(BINDIR)/decruft
	install -m 644 $(BUILD)/libdecruft.a $(DESTDIR)$(LIBDIR)/libdecruft.a
	install -m 755 $(BUILD)/libdecruft.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libdecruft.so.$(VERSION)
	ln -sf libdecruft.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libdecruft.so.$(SOVERSION)
	ln -sf libdecruft.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libdecruft.so
	install -m 644 include/decruft.h $(DESTDIR)$(INCLUDEDIR)/decruft.h
	for pc in decruft decruft-static; do \
	    sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	        -e 's|@VERSION@|$(VERSION)|' -e 's|@PKGS@|$(PKGS)|' $$pc.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/$$pc.pc && \
	    chmod 644 $(DESTDIR)$(LIBDIR)/pkgconfig/$$pc.pc || exit 1; \
	done
	install -m 644 man/decruft.1 $(DESTDIR)$(MANDIR)/man1/decruft.1
	install -m 644 man/decruft.3 $(DESTDIR)$(MANDIR)/man3/decruft.3
	install -m 644 completions/decruft.bash $(DESTDIR)$(DATADIR)/bash-completion/completions/decruft
	install -m 644 completions/_decruft $(DESTDIR)$(DATADIR)/zsh/site-functions/_decruft

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/decruft $(DESTDIR)$(LIBDIR)/libdecruft.a \
	    $(DESTDIR)$(LIBDIR)/libdecruft.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libdecruft.so.$(SOVERSION) \
	    $(DESTDIR)$(LIBDIR)/libdecruft.so $(DESTDIR)$(INCLUDEDIR)/decruft.h \
	    $(DESTDIR)$(LIBDIR)/pkgconfig/decruft.pc $(DESTDIR)$(LIBDIR)/pkgconfig/decruft-static.pc \
	    $(DESTDIR)$(MANDIR)/man1/decruft.1 \
	    $(DESTDIR)$(MANDIR)/man3/decruft.3 $(DESTDIR)$(DATADIR)/bash-completion/completions/decruft \
	    $(DESTDIR)$(DATADIR)/zsh/site-functions/_decruft

clean:
	rm -rf build
