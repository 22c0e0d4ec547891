# greenpark — GNU Makefile. Targets: all test run bench sanitize lint fuzz clean.
# Libraries come from Debian packages through pkg-config (scripts/deps.sh installs them).

CC      ?= gcc
BUILD   ?= build
PKGS    := sqlite3 jansson libsodium libmicrohttpd xlsxwriter libmosquitto libmodbus clp
TESTPKGS := cmocka
OPT     ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
           -Wmissing-prototypes -Wvla -Wwrite-strings -Werror
SAN     ?=
DATADIR := $(CURDIR)/data
VERSION := 0.1.0
V       ?= 0
Q       := $(if $(filter 1,$(V)),,@)

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_CFLAGS := $(shell pkg-config --cflags $(TESTPKGS) 2>/dev/null)
TEST_LIBS   := $(shell pkg-config --libs $(TESTPKGS) 2>/dev/null)

CPPFLAGS += -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Isrc -I$(BUILD)/gen \
            -DGREENPARK_DATADIR='"$(DATADIR)"' -DGREENPARK_VERSION='"$(VERSION)"' \
            -DGREENPARK_WEBDIR='"$(CURDIR)/web"' -DGREENPARK_VENDORDIR='"$(CURDIR)/node_modules"'
CFLAGS  := $(OPT) $(WARN) $(SAN) $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDFLAGS += $(SAN)
LDLIBS  := $(PKG_LIBS) -lm

LIB_SRC := $(sort $(wildcard src/util/*.c src/core/*.c src/energy/*.c src/store/*.c src/ingest/*.c src/report/*.c src/http/*.c src/cli/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/schema_sqlite.o
SCHEMA  := $(sort $(wildcard src/store/schema/sqlite/*.sql))

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_REPLAY := $(FUZZ_SRC:fuzz/%.c=$(BUILD)/fuzz/%_replay)

.PHONY: all test unit e2e fuzz-replay run bench sanitize lint fuzz clean deps format

all: $(BUILD)/greenpark

$(BUILD)/greenpark: $(BUILD)/src/main.o $(BUILD)/libgreenpark.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libgreenpark.a: $(LIB_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/gen/schema_sqlite.c: $(SCHEMA) scripts/embed_sql.sh
	@mkdir -p $(dir $@)
	$(Q)sh scripts/embed_sql.sh $@ src/store/schema/sqlite

$(BUILD)/gen/schema_sqlite.o: $(BUILD)/gen/schema_sqlite.c
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(BUILD)/libgreenpark.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(TEST_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libgreenpark.a $(TEST_LIBS) $(LDLIBS)

$(BUILD)/fuzz/%_replay: fuzz/%.c fuzz/replay.c $(BUILD)/libgreenpark.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< fuzz/replay.c $(BUILD)/libgreenpark.a $(LDLIBS)

# The whole suite: unit tests (cmocka), end-to-end tests of the binary, and the
# fuzz corpora replayed. tests/run.sh prints "N passed, N failed".
test: $(BUILD)/greenpark $(UNIT_BIN) $(FUZZ_REPLAY)
	@sh tests/run.sh $(BUILD)

# Installs dependencies, builds, creates the demo store if absent and serves the
# dashboard and API at http://127.0.0.1:8080 (Ctrl-C stops it).
run:
	@sh scripts/deps.sh
	@$(MAKE) --no-print-directory all
	@sh scripts/run.sh $(BUILD)/greenpark

bench: $(BUILD)/greenpark
	@sh bench/run.sh $(BUILD)
	@sh bench/pipeline.sh $(BUILD)
	@sh bench/readings.sh $(BUILD)

sanitize:
	@$(MAKE) --no-print-directory BUILD=build-san OPT="-O1 -g" \
	  SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" test

lint:
	sh scripts/check_banned.sh
	clang-format --dry-run --Werror $(LIB_SRC) src/main.c $(UNIT_SRC) $(FUZZ_SRC) fuzz/replay.c bench/*.c
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --inline-suppr --suppress=missingIncludeSystem -Isrc -I$(BUILD)/gen \
	  -D_DEFAULT_SOURCE $(LIB_SRC) src/main.c
	clang-tidy --quiet $(LIB_SRC) src/main.c -- $(CPPFLAGS) $(PKG_CFLAGS) -std=c11

format:
	clang-format -i $(LIB_SRC) src/main.c $(UNIT_SRC) $(FUZZ_SRC) fuzz/replay.c bench/*.c

# libFuzzer harnesses (clang); 'make test' replays their corpora with gcc.
fuzz:
	@mkdir -p $(BUILD)/fuzz-clang
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
	  clang -g -O1 -fsanitize=fuzzer,address,undefined $(CPPFLAGS) $(PKG_CFLAGS) -Isrc \
	    -o $(BUILD)/fuzz-clang/$$n $$f $(filter-out $(BUILD)/src/main.o,$(LIB_SRC)) $(BUILD)/gen/schema_sqlite.c $(LDLIBS) || exit 1; \
	  echo "built $(BUILD)/fuzz-clang/$$n (run: $(BUILD)/fuzz-clang/$$n fuzz/corpus/$$n)"; done

deps:
	@sh scripts/deps.sh

clean:
	rm -rf build build-san

-include $(LIB_OBJ:.o=.d) $(BUILD)/src/main.d
