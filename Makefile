# minhbach - build, test and benchmark.  See README.md.
.SUFFIXES:

PREFIX  ?= /usr/local
BUILD   ?= build
CC      ?= gcc
PKG_CONFIG ?= pkg-config
OPT     ?= -O2 -g
SAN     ?=
# Link-time optimisation of the program: the small buffer and JSON helpers
# are inlined across files (a national rebuild after one quarter changed:
# 3% less CPU, the same bytes).  Objects carry both forms, so the tests and
# tools link them without it (NOLTO); the sanitizer and fuzzing builds
# leave it out (LTO=).
LTO     ?= -flto=auto -ffat-lto-objects
NOLTO    = $(if $(LTO),-fno-lto)

PKGS    = libcjson libcmark xlsxwriter gdlib freetype2 libpng libdeflate libutf8proc libcrypto libmicrohttpd \
          libzip expat libcsv gmp
# Debian packages: what building and generating the site needs, and what tests add.
SITE_DEBS = gcc make pkg-config libcjson-dev libcmark-dev libxlsxwriter-dev \
            libgd-dev libfreetype-dev libpng-dev libdeflate-dev libutf8proc-dev libssl-dev fonts-dejavu-core \
            libmicrohttpd-dev libzip-dev libexpat1-dev libcsv-dev libgmp-dev gettext
TEST_DEBS = $(SITE_DEBS) valgrind python3 python3-openpyxl curl chromium nodejs libreoffice-calc-nogui
FUZZ_DEBS = $(SITE_DEBS) clang libclang-rt-14-dev
# make bench adds Hugo, the reference it is measured against.
BENCH_DEBS = $(TEST_DEBS) hugo

# libcsv-dev ships no pkg-config file: src/pkgconfig/libcsv.pc (committed) describes
# it, and that folder goes first on pkg-config's search path, so that every
# library, libcsv too, is found with pkg-config.  (make 4.3 does not pass
# exported variables to $(shell), hence the variable on the command.)
PKG_PATH   := $(CURDIR)/src/pkgconfig$(if $(PKG_CONFIG_PATH),:$(PKG_CONFIG_PATH))
PKG_CFLAGS := $(shell PKG_CONFIG_PATH='$(PKG_PATH)' $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell PKG_CONFIG_PATH='$(PKG_PATH)' $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

CFLAGS_ALL = -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -pthread \
             $(OPT) $(LTO) $(SAN) $(PKG_CFLAGS) $(CFLAGS)
LDLIBS_ALL = $(PKG_LIBS) -pthread -lm $(LDLIBS)
# libxlsxwriter reaches minizip through the dynamic linker: every program
# exports its own zipOpenNewFileInZip4_64 (src/xlsx_level.c, the workbooks'
# zlib level) so that the library's calls land there.  GNU ld would export
# it anyway, as a symbol a linked shared library uses; the flag says so
# rather than rely on it (test_downloads checks the level a workbook gets).
LDFLAGS_ALL = -Wl,--export-dynamic-symbol=zipOpenNewFileInZip4_64 $(LDFLAGS)

SRC      := $(sort $(wildcard src/*.c))
LIB_SRC  := $(filter-out src/main.c,$(SRC))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
HDR      := $(wildcard src/*.h) $(wildcard tests/unit/*.h)
# libFuzzer targets (make fuzz); built without libFuzzer as test_fuzz_* they
# replay their seed corpus and every kept crash input in `make test`.
FUZZ_SRC    := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES  := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_REPLAY := $(FUZZ_NAMES:%=$(BUILD)/tests/test_fuzz_%)
FUZZ_SECONDS ?= 60
# The messages' Vietnamese catalogue (GNU gettext): src/po/vi.po, compiled
# beside the program, where it looks for it (src/i18n.c).
PO_DIR   := src/po
LOCALES  := vi
MO_FILES := $(LOCALES:%=$(BUILD)/locale/%/LC_MESSAGES/minhbach.mo)

all: $(BUILD)/minhbach $(MO_FILES) $(TEST_BIN) $(FUZZ_REPLAY)

$(BUILD)/obj/%.o: src/%.c $(HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/minhbach: $(BUILD)/obj/main.o $(LIB_OBJ)
	$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

# --check: every translation keeps its message's printf directives.
$(BUILD)/locale/%/LC_MESSAGES/minhbach.mo: $(PO_DIR)/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

# Refreshes the catalogue after messages were added or changed: extracts
# every _(), N_() and P_() of src/ into minhbach.pot and merges it into each
# language's .po, where new messages wait, untranslated, for a translator
# (tests/checks/messages.sh fails until every one is translated).
po:
	xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=P_:1,2 \
	   --add-comments=TRANSLATORS: --sort-by-file --package-name=minhbach \
	   -o $(PO_DIR)/minhbach.pot $(SRC)
	for l in $(LOCALES); do msgmerge --quiet --update --backup=none --no-fuzzy-matching \
	   $(PO_DIR)/$$l.po $(PO_DIR)/minhbach.pot && \
	   msgattrib --no-obsolete -o $(PO_DIR)/$$l.po $(PO_DIR)/$$l.po || exit 1; done

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJ) $(HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(NOLTO) -Isrc $(LDFLAGS_ALL) -o $@ $< $(LIB_OBJ) $(LDLIBS_ALL)

# make bench's helper: every page's template context, for the Hugo reference.
$(BUILD)/bench/contexts: tests/bench/contexts.c $(LIB_OBJ) $(HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(NOLTO) -Isrc $(LDFLAGS_ALL) -o $@ $< $(LIB_OBJ) $(LDLIBS_ALL)

$(BUILD)/tests/test_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(wildcard tests/fuzz/*.h) $(LIB_OBJ) $(HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(NOLTO) -Isrc $(LDFLAGS_ALL) -o $@ $< tests/fuzz/replay.c $(LIB_OBJ) $(LDLIBS_ALL)

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) $(LIB_OBJ) $(HDR)
	$(CC) $(CFLAGS_ALL) $(NOLTO) -fsanitize=fuzzer -Isrc $(LDFLAGS_ALL) -o $@ $< $(LIB_OBJ) $(LDLIBS_ALL)

# Installs missing Debian packages when run as root; otherwise names them.
deps-site:
	@sh tests/deps.sh $(SITE_DEBS)
deps-test:
	@sh tests/deps.sh $(TEST_DEBS)
deps-fuzz:
	@sh tests/deps.sh $(FUZZ_DEBS)
deps-bench:
	@sh tests/deps.sh $(BENCH_DEBS)

site: deps-site
	@$(MAKE) --no-print-directory $(BUILD)/minhbach $(MO_FILES)
	./$(BUILD)/minhbach build -d data -o site -t templates

test: deps-test
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/asan OPT="-O1 -g" LTO= \
	   SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" all
	sh tests/run.sh $(BUILD) $(BUILD)/asan

# Each libFuzzer target for FUZZ_SECONDS; see tests/fuzz/run.sh for what to do with a crash.
fuzz: deps-fuzz
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/fuzz CC=clang OPT="-O1 -g" LTO= CFLAGS=-Wno-error \
	   SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	   $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz_%)
	sh tests/fuzz/run.sh $(BUILD)/fuzz $(FUZZ_SECONDS)

bench: deps-bench
	@$(MAKE) --no-print-directory $(BUILD)/minhbach $(MO_FILES) $(BUILD)/tests/test_chart $(BUILD)/tests/test_sheet \
	   $(BUILD)/bench/contexts
	sh tests/bench/run.sh $(BUILD)

install: $(BUILD)/minhbach $(MO_FILES)
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/minhbach
	cp $(BUILD)/minhbach $(DESTDIR)$(PREFIX)/bin/minhbach
	cp -R templates $(DESTDIR)$(PREFIX)/share/minhbach/
	for l in $(LOCALES); do mkdir -p $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES && \
	   cp $(BUILD)/locale/$$l/LC_MESSAGES/minhbach.mo $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/ \
	   || exit 1; done

clean:
	rm -rf $(BUILD)

.PHONY: all site test bench fuzz install clean po deps-site deps-test deps-fuzz deps-bench
