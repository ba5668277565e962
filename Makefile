# decruft: a plain Makefile.  CFLAGS is yours; the warnings and the language
# level the project requires live in REQ_CFLAGS.

VERSION   := 0.1.0
PREFIX    ?= /usr/local
DESTDIR   ?=
CC        ?= cc
CFLAGS    ?= -O2 -g
BUILD     ?= build
BENCH_DATA ?= ../shared/bench

PKGS        := libpcre2-8 libxml-2.0 zlib
DEP_CFLAGS  := $(shell pkg-config --cflags $(PKGS))
DEP_LIBS    := $(shell pkg-config --libs $(PKGS))
REQ_CFLAGS  := -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -Wshadow \
               -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith -Wvla \
               -Iinclude -iquote src $(DEP_CFLAGS)
LIBS        := $(DEP_LIBS) -lpthread

LIB_SRC := $(wildcard src/*.c)
LIB_OBJ := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC)) $(BUILD)/obj/data.o
CLI_SRC := $(wildcard src/cli/*.c)
CLI_OBJ := $(patsubst src/cli/%.c,$(BUILD)/obj/cli/%.o,$(CLI_SRC))
STOPWORDS := $(sort $(wildcard data/stopwords/*.txt))

.PHONY: all check test unit fixtures asan bench bench-peers clean install uninstall
all: $(BUILD)/decruft $(BUILD)/libdecruft.a

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h) include/decruft.h
	@mkdir -p $(dir $@)
	$(CC) $(REQ_CFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/cli/%.o: src/cli/%.c include/decruft.h
	@mkdir -p $(dir $@)
	$(CC) $(REQ_CFLAGS) $(CFLAGS) -c $< -o $@

# Data files are compiled in: the binary needs nothing at run time.
$(BUILD)/bin2c: tools/bin2c.c
	@mkdir -p $(dir $@)
	$(CC) $(REQ_CFLAGS) -O1 $< -o $@

$(BUILD)/stopwords.blob: $(STOPWORDS)
	@mkdir -p $(dir $@)
	@for f in $(STOPWORDS); do printf '@%s\n' "$$(basename $$f .txt)"; cat $$f; done > $@

$(BUILD)/data.c: $(BUILD)/bin2c $(BUILD)/stopwords.blob data/rules.txt data/signals.txt
	$(BUILD)/bin2c $@ decruft_stopwords_blob $(BUILD)/stopwords.blob decruft_rules_blob data/rules.txt \
	    decruft_signals_blob data/signals.txt

$(BUILD)/obj/data.o: $(BUILD)/data.c
	@mkdir -p $(dir $@)
	$(CC) $(REQ_CFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/libdecruft.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/decruft: $(CLI_OBJ) $(BUILD)/libdecruft.a
	$(CC) $(CFLAGS) $(LDFLAGS) $(CLI_OBJ) $(BUILD)/libdecruft.a $(LIBS) -o $@

$(BUILD)/unit: tests/unit.c $(BUILD)/libdecruft.a
	$(CC) $(REQ_CFLAGS) $(CFLAGS) $(LDFLAGS) $< $(BUILD)/libdecruft.a $(LIBS) -o $@

# The test command of the README: unit tests, fixtures, the pathological
# inputs, then the fixtures again under AddressSanitizer and UBSan.
check: unit fixtures
	tests/pathological.sh $(BUILD)/decruft
	$(MAKE) asan

test: check

unit: $(BUILD)/unit
	$(BUILD)/unit

fixtures: $(BUILD)/decruft
	tests/run-fixtures.sh $(BUILD)/decruft fixtures

asan:
	$(MAKE) BUILD=build/asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" build/asan/decruft build/asan/unit
	ASAN_OPTIONS=detect_leaks=1 build/asan/unit
	ASAN_OPTIONS=detect_leaks=1 tests/run-fixtures.sh build/asan/decruft fixtures

# Quality (F1) and speed on the shared benchmark data.
bench: $(BUILD)/decruft $(BUILD)/speed
	bench/run.sh $(BUILD)/decruft $(BUILD)/speed $(BENCH_DATA)

# The peers the package registries hold, installed and run beside decruft
# on the same pages (needs root for apt-get, and npm).
bench-peers: $(BUILD)/decruft $(BUILD)/speed
	bench/peers/run.sh $(BUILD)/decruft $(BUILD)/speed $(BENCH_DATA)

$(BUILD)/speed: bench/speed.c $(BUILD)/libdecruft.a
	$(CC) $(REQ_CFLAGS) $(CFLAGS) $(LDFLAGS) $< $(BUILD)/libdecruft.a $(LIBS) -o $@

clean:
	rm -rf build
