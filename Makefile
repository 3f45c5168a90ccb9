# arsrapport: municipal reports from XML to accessible PDF.
#
#   make          build build/arsrapport (warnings are errors)
#   make run      install what is missing, build, render input/*.xml to out/
#                 (NAME.pdf and its web edition NAME.html)
#   make test     install what is missing, build, run every test
#   make bench    speed and memory vs the peer tools, 12/100/500 pages
#   make deps     install the Debian packages the project needs
#   make format   reformat the C sources with clang-format
#   make install  [PREFIX=/usr/local] [DESTDIR=...]; make uninstall
#   make deb      a Debian package in build/deb/ (see "installing" below)
#   make V=1 ...  the full command lines instead of one line per file

CC       ?= gcc
VERSION  := 0.1.0
BUILD    := build
OUT      := out

# Quiet output: one line per file ("  CC      src/layout/layout.c");
# `make V=1` shows the full command lines.
V ?= 0
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-7s %s\n' '$(1)' '$(2)'
MAKEFLAGS += --no-print-directory
endif

WARN     := -Wall -Wextra -Wpedantic -Werror -Wshadow -Wformat=2 \
            -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wundef \
            -Wno-format-nonliteral
CSTD     := -std=c11 -D_DEFAULT_SOURCE
OPT      ?= -O2 -g
# The program finds its data at run time (src/cli/main.c, find_home), never
# through a path fixed here. The test harnesses (unit tests, fuzz targets)
# read this source tree: TEST_DEFS names it for them only.
DEFS     := -DARSRAPPORT_VERSION='"$(VERSION)"'
TEST_DEFS = $(DEFS) -DARSRAPPORT_DATADIR='"$(CURDIR)"'
# Debian's hardening (dpkg-buildflags): checked string and memory calls
# (only with optimisation), stack protector, read-only relocations bound
# at start.
HARDEN_CFLAGS  = $(if $(filter -O1 -O2 -O3 -Os,$(OPT)),-D_FORTIFY_SOURCE=2) -fstack-protector-strong
HARDEN_LDFLAGS = -Wl,-z,relro -Wl,-z,now
CFLAGS_BASE = $(CSTD) $(OPT) $(WARN) $(DEFS) $(HARDEN_CFLAGS)

# Third-party headers, each visible to one source folder only: the
# objects of src/NAME/ get CFLAGS_NAME (a new folder adds one line).
XML_CFLAGS  := $(shell pkg-config --cflags libxml-2.0 libutf8proc 2>/dev/null)
HB_CFLAGS   := $(shell pkg-config --cflags harfbuzz fontconfig 2>/dev/null)
PCRE_CFLAGS := $(shell pkg-config --cflags libpcre2-8 2>/dev/null)
# Line breaking (libunibreak) and hyphenation (libhyphen: no pkg-config).
BREAK_CFLAGS := $(shell pkg-config --cflags libunibreak 2>/dev/null)
# Images (libpng): src/image only.
PNG_CFLAGS  := $(shell pkg-config --cflags libpng 2>/dev/null)
CFLAGS_parse    = $(XML_CFLAGS) -I$(BUILD)/gen
CFLAGS_font     = $(HB_CFLAGS) -I$(BUILD)/gen
CFLAGS_validate = $(PCRE_CFLAGS)
CFLAGS_layout   = $(BREAK_CFLAGS) -I$(BUILD)/gen
CFLAGS_image    = $(PNG_CFLAGS)
# HTTP (libcurl): src/net only; JSON (json-c): src/kolada only.
NET_CFLAGS  := $(shell pkg-config --cflags libcurl 2>/dev/null)
JSON_CFLAGS := $(shell pkg-config --cflags json-c 2>/dev/null)
CFLAGS_net      = $(NET_CFLAGS)
CFLAGS_kolada   = $(JSON_CFLAGS)
# Zip containers (libzip): src/zip only; Markdown (cmark): src/import only.
ZIP_CFLAGS   := $(shell pkg-config --cflags libzip 2>/dev/null)
CMARK_CFLAGS := $(shell pkg-config --cflags libcmark 2>/dev/null)
CFLAGS_zip      = $(ZIP_CFLAGS)
CFLAGS_import   = $(CMARK_CFLAGS)
# The libraries, one line each (a new folder adds its own with +=).
LIBS := $(shell pkg-config --libs libxml-2.0 libutf8proc 2>/dev/null || echo -lxml2 -lutf8proc)
LIBS += $(shell pkg-config --libs harfbuzz fontconfig 2>/dev/null || echo -lharfbuzz -lfontconfig)
LIBS += $(shell pkg-config --libs libpcre2-8 2>/dev/null || echo -lpcre2-8)
LIBS += $(shell pkg-config --libs libunibreak 2>/dev/null || echo -lunibreak) -lhyphen
LIBS += -lhpdf $(shell pkg-config --libs libpng 2>/dev/null || echo -lpng) -lz
# Deflate of the streams arsrapport compresses itself (libdeflate): src/pdf only
LIBS += $(shell pkg-config --libs libdeflate 2>/dev/null || echo -ldeflate)
# (libcurl is not linked: src/net loads it when `hamta` runs)
LIBS += $(shell pkg-config --libs json-c 2>/dev/null || echo -ljson-c)
# (libzip is not linked: src/zip loads it when an archive is opened)
LIBS += $(shell pkg-config --libs libcmark 2>/dev/null || echo -lcmark)
# CSV (libcsv, no pkg-config): src/csv only
LIBS += -lcsv
LIBS += -lm -pthread

# Every folder of src/ but the command-line front is in the library; each
# folder's third-party flags are CFLAGS_<folder>.
SRC := $(filter-out src/cli/% src/layout/hyph_gen.c src/font/kern_gen.c \
                   src/parse/shipped_gen.c,$(wildcard src/*/*.c))
MAIN := $(wildcard src/cli/*.c)
HDR := $(wildcard src/*/*.h src/*/*.def)
SRC_DIRS := $(sort $(patsubst src/%/,%,$(dir $(SRC))))
LIB_CFLAGS = $(foreach d,$(SRC_DIRS),$(CFLAGS_$(d)))
folder_cflags = $(CFLAGS_$(word 2,$(subst /, ,$(1))))

# Debian packages: build, fonts, and the tools the tests use.
DEB_PKGS := gcc libc6-dev make pkg-config libhpdf-dev libxml2-dev \
            libpcre2-dev libhyphen-dev hyphen-sv libharfbuzz-dev \
            libunibreak-dev libutf8proc-dev libpng-dev zlib1g-dev libdeflate-dev \
            libfontconfig-dev fonts-liberation2 fonts-dejavu-core \
            icc-profiles-free qpdf poppler-utils mupdf-tools ghostscript fontconfig \
            valgrind clang libclang-rt-14-dev clang-format libxml2-utils \
            python3 python3-pikepdf bc time libcurl4-openssl-dev libjson-c-dev
# import (issue 21): zip containers, Markdown, the test fixtures' writers
DEB_PKGS += libzip-dev libcmark-dev python3-docx python3-odf
# tables from files (issue 22): CSV, and the examples' spreadsheet writer
DEB_PKGS += libcsv-dev python3-openpyxl
# the web edition's tests (issue 20): the browser, Java for the Nu checker
DEB_PKGS += chromium default-jre-headless nodejs
# make install, make deb and their test (tests/install.sh)
DEB_PKGS += dpkg-dev binutils man-db lintian bash-completion
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps run test test-quick bench bench-data format check-format clean asan fuzz fuzz-style \
        fuzz-rules man install uninstall deb

all: $(BUILD)/arsrapport

deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" \
	    || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installerar saknade paket:$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends $$missing >/dev/null || exit 1; \
	fi
	@command -v npm > /dev/null || { echo "Installerar saknade paket: npm"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends npm > /dev/null; } || exit 1
	@$(MAKE) --no-print-directory check-fonts

# The web edition's test tools from npm (tests/web/package.json, versions
# pinned by its package-lock.json): vnu-jar, axe-core, puppeteer-core
# (driving Debian's chromium; PUPPETEER_SKIP_DOWNLOAD: no browser of its
# own). Installed into $(BUILD)/npm, a folder this Makefile owns.
$(BUILD)/npm/.installed: tests/web/package.json tests/web/package-lock.json
	@mkdir -p $(BUILD)/npm
	@cp tests/web/package.json tests/web/package-lock.json $(BUILD)/npm/
	@PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix $(BUILD)/npm --no-audit \
	  --no-fund --loglevel=error > /dev/null
	@touch $@

# The faces of fonts/fonts.txt come from Debian packages: check they exist.
check-fonts:
	@awk '!/^#/ && NF >= 2 { print $$2, $$3 }' fonts/fonts.txt | \
	  while read f p; do [ -r "$$f" ] || { \
	    echo "Typsnitt saknas: $$f (Debianpaket $$p; kör make deps)"; exit 1; }; done

$(BUILD)/obj/%.o: src/%.c $(HDR) Makefile
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(CFLAGS_BASE) $(call folder_cflags,$<) -c $< -o $@

OBJ := $(SRC:src/%.c=$(BUILD)/obj/%.o)

# The hyphenation dictionary as C tables (issue 25): src/layout/hyph_gen.c,
# a tool of the build, reads the first of these that exists (the list of
# src/layout/layout_hyph.c) with libhyphen and writes its state machine
# into build/gen/hyph_table.h, which layout_hyph.c includes; the program
# then sets it up without parsing the patterns. No dictionary: a header
# that says so, and the program reads whatever it finds at run time.
HYPH_DICTS := /usr/share/hyphen/hyph_sv_SE.dic /usr/share/hyphen/hyph_sv.dic \
              /usr/local/share/hyphen/hyph_sv_SE.dic /usr/share/myspell/dicts/hyph_sv_SE.dic
$(BUILD)/hyph_gen: src/layout/hyph_gen.c Makefile
	@mkdir -p $(dir $@)
	$(call say,CC LD,$@)
	$(Q)$(CC) $(CFLAGS_BASE) $< -lhyphen -o $@
$(BUILD)/gen/hyph_table.h: $(BUILD)/hyph_gen $(wildcard $(HYPH_DICTS))
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)
	$(Q)$(BUILD)/hyph_gen $@.tmp $(HYPH_DICTS) && mv $@.tmp $@
$(BUILD)/obj/layout/layout_hyph.o $(BUILD)/asan/obj/layout/layout_hyph.o \
$(BUILD)/fuzz/obj/layout/layout_hyph.o: $(BUILD)/gen/hyph_table.h

# The kerning of the manifest's faces as C tables (issue 25):
# src/font/kern_gen.c, a tool of the build made from the font code
# itself, loads the faces of fonts/fonts.txt and writes the kerning of
# every pair of the dense table's code points into
# build/gen/kern_table.h, which font_kerntab.c includes; the program then
# looks pairs up instead of shaping each with HarfBuzz. A face that is
# missing or has changed since: shaped at run time as before.
KERN_GEN_SRC := src/font/kern_gen.c src/font/font.c src/font/font_hb.c \
                src/font/font_fc.c src/common/arena.c src/common/diag.c \
                src/common/msg.c
FONT_FILES := $(wildcard $(shell awk '!/^\#/ && NF >= 2 { print $$2 }' fonts/fonts.txt 2>/dev/null))
$(BUILD)/kern_gen: $(KERN_GEN_SRC) $(HDR) Makefile
	@mkdir -p $(dir $@)
	$(call say,CC LD,$@)
	$(Q)$(CC) $(CFLAGS_BASE) $(HB_CFLAGS) $(KERN_GEN_SRC) \
	    $(shell pkg-config --libs harfbuzz fontconfig 2>/dev/null || echo -lharfbuzz -lfontconfig) -o $@
$(BUILD)/gen/kern_table.h: $(BUILD)/kern_gen fonts/fonts.txt $(FONT_FILES)
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)
	$(Q)$(BUILD)/kern_gen $@.tmp fonts/fonts.txt && mv $@.tmp $@
$(BUILD)/obj/font/font_kerntab.o $(BUILD)/asan/obj/font/font_kerntab.o \
$(BUILD)/fuzz/obj/font/font_kerntab.o: $(BUILD)/gen/kern_table.h

# The shipped style and rule files, checked once by the build (issue 25):
# src/parse/shipped_gen.c, a tool of the build made from the library's
# objects, reads each of them as the program does, schema check
# included, and writes their bytes into build/gen/shipped_table.h, which
# shipped.c includes; a run that reads a file with exactly those bytes
# (the installed copy too) skips its schema check.
# A shipped file with any problem fails the build. The documents' schema
# is recorded too, with a copy without its annotations that a run
# compiles instead when the installed schema is the shipped one.
SHIPPED_STIL := $(sort $(wildcard templates/stil/*.xml))
SHIPPED_KRAV := $(sort $(wildcard templates/*/krav.xml))
$(BUILD)/shipped_gen: src/parse/shipped_gen.c $(filter-out $(BUILD)/obj/parse/shipped.o,$(OBJ))
	$(call say,CC LD,$@)
	$(Q)$(CC) $(CFLAGS_BASE) $(XML_CFLAGS) $^ $(LIBS) -o $@
$(BUILD)/gen/shipped_table.h: $(BUILD)/shipped_gen templates/schema/stil.rng \
                              templates/schema/krav.rng templates/schema/rapport.rng \
                              $(SHIPPED_STIL) $(SHIPPED_KRAV)
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)
	$(Q)$(BUILD)/shipped_gen $@.tmp stil templates/schema/stil.rng $(SHIPPED_STIL) \
	    -- krav templates/schema/krav.rng $(SHIPPED_KRAV) \
	    -- rapport templates/schema/rapport.rng && mv $@.tmp $@
$(BUILD)/obj/parse/shipped.o $(BUILD)/asan/obj/parse/shipped.o \
$(BUILD)/fuzz/obj/parse/shipped.o: $(BUILD)/gen/shipped_table.h

$(BUILD)/libars.a: $(OBJ)
	@rm -f $@
	$(call say,AR,$@)
	$(Q)ar rcs $@ $^

$(BUILD)/arsrapport: $(MAIN:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/libars.a
	$(call say,LD,$@)
	$(Q)$(CC) $(OPT) $(HARDEN_LDFLAGS) $^ $(LIBS) -o $@

# The same program with AddressSanitizer and UndefinedBehaviorSanitizer.
ASAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
              -fno-sanitize-recover=undefined
# Each source compiled once (in parallel with make -j) into objects that
# the ASan program and the ASan unit tests share.
ASAN_OBJ := $(SRC:src/%.c=$(BUILD)/asan/obj/%.o)
ASAN_MAIN_OBJ := $(MAIN:src/%.c=$(BUILD)/asan/obj/%.o)
$(BUILD)/asan/obj/%.o: src/%.c $(HDR) Makefile
	@mkdir -p $(dir $@)
	$(call say,CC,$< (ASan+UBSan))
	$(Q)$(CC) $(CSTD) $(WARN) $(DEFS) $(ASAN_FLAGS) $(call folder_cflags,$<) -c $< -o $@
$(BUILD)/asan/arsrapport: $(ASAN_OBJ) $(ASAN_MAIN_OBJ)
	$(call say,LD,$@ (ASan+UBSan))
	$(Q)$(CC) $(ASAN_FLAGS) $^ $(LIBS) -o $@
asan: $(BUILD)/asan/arsrapport

# A libFuzzer target over the whole pipeline (tests/fuzz), with ASan and
# UBSan. `make fuzz` runs it for FUZZ_SECONDS (default 60) from the seeds:
# the golden documents, the examples, the hostile corpus and every input a
# fuzz run once crashed on (tests/fuzz/regressions: replayed first, so a
# regression fails the run, and `make test` with it). The corpus it
# grows stays in $(BUILD)/fuzz/corpus; a finding is written to
# $(BUILD)/fuzz/ and stops the run with a non-zero exit.
FUZZ_SECONDS ?= 60
FUZZ_TEST_SECONDS ?= 30
FUZZ_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
              -fno-sanitize-recover=undefined
# The sources compiled once for the three targets (libFuzzer's coverage
# without its main: fuzzer-no-link), in parallel with make -j.
FUZZ_OBJ_FLAGS := -O1 -g -fno-omit-frame-pointer \
                  -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
FUZZ_OBJ := $(SRC:src/%.c=$(BUILD)/fuzz/obj/%.o)
$(BUILD)/fuzz/obj/%.o: src/%.c $(HDR) Makefile
	@mkdir -p $(dir $@)
	$(call say,CC,$< (fuzz))
	$(Q)clang $(CSTD) $(WARN) $(DEFS) $(FUZZ_OBJ_FLAGS) $(call folder_cflags,$<) -c $< -o $@
$(BUILD)/fuzz/fuzz_pipeline: tests/fuzz/fuzz_pipeline.c $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	$(call say,FUZZ,$@)
	$(Q)clang $(CSTD) $(WARN) $(TEST_DEFS) $(FUZZ_FLAGS) $(LIB_CFLAGS) \
	  tests/fuzz/fuzz_pipeline.c $(FUZZ_OBJ) $(LIBS) -o $@
fuzz: $(BUILD)/fuzz/fuzz_pipeline
	@mkdir -p $(BUILD)/fuzz/corpus $(BUILD)/fuzz/seeds
	@cp tests/golden/*.xml examples/*.xml tests/hostile/*.xml tests/fuzz/regressions/*.xml $(BUILD)/fuzz/seeds/
	@cd $(BUILD)/fuzz && { ./fuzz_pipeline -max_total_time=$(FUZZ_SECONDS) \
	  -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	  -dict=$(CURDIR)/tests/fuzz/rapport.dict corpus seeds > fuzz.log 2>&1; \
	  st=$$?; grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==|SUMMARY|Test unit written|artifact)' fuzz.log; \
	  [ $$st = 0 ] || { tail -40 fuzz.log; echo "fuzz: ett fynd, se $(BUILD)/fuzz/fuzz.log"; }; exit $$st; }
	@$(MAKE) --no-print-directory fuzz-style fuzz-rules FUZZ_SECONDS=$(or $(FUZZ_EXTRA_SECONDS),$(FUZZ_SECONDS))

# Two more libFuzzer targets, each run by `make fuzz` after the pipeline
# for FUZZ_SECONDS (FUZZ_EXTRA_SECONDS when set; `make test` sets it to
# FUZZ_SMOKE_SECONDS, 10): style files
# (tests/fuzz/fuzz_style.c: the style reader in memory, seeded from
# templates/stil, tests/styles and the examples' styles) and rule files
# (tests/fuzz/fuzz_rules.c: the rule-file reader, the pattern compiler and
# the heading check, seeded from the krav.xml of templates/, tests/templates
# and the examples). Each keeps its corpus in $(BUILD)/fuzz/NAME/corpus and
# its log in $(BUILD)/fuzz/NAME/fuzz.log; a finding stops the run.
FUZZ_SMOKE_SECONDS ?= 10
$(BUILD)/fuzz/fuzz_style $(BUILD)/fuzz/fuzz_rules: $(BUILD)/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	$(call say,FUZZ,$@)
	$(Q)clang $(CSTD) $(WARN) $(TEST_DEFS) $(FUZZ_FLAGS) $(LIB_CFLAGS) \
	  $< $(FUZZ_OBJ) $(LIBS) -o $@
fuzz-style: SEEDS = templates/stil/*.xml tests/styles/*.xml $(shell find examples -path '*stil*' -name '*.xml')
fuzz-rules: SEEDS = templates/*/krav.xml tests/templates/*/krav.xml $(shell find examples -name krav.xml)
fuzz-style fuzz-rules: fuzz-%: $(BUILD)/fuzz/fuzz_%
	@rm -rf $(BUILD)/fuzz/$*/seeds; mkdir -p $(BUILD)/fuzz/$*/corpus $(BUILD)/fuzz/$*/seeds
	@i=0; for f in $(SEEDS); do i=$$((i+1)); cp "$$f" $(BUILD)/fuzz/$*/seeds/$$i.xml; done
	@cd $(BUILD)/fuzz/$* && { ../fuzz_$* -max_total_time=$(FUZZ_SECONDS) \
	  -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	  corpus seeds > fuzz.log 2>&1; \
	  st=$$?; echo "fuzz_$*:"; grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==|SUMMARY|Test unit written|artifact)' fuzz.log; \
	  [ $$st = 0 ] || { tail -40 fuzz.log; echo "fuzz: ett fynd, se $(BUILD)/fuzz/$*/fuzz.log"; }; exit $$st; }

# Unit tests: a small harness whose last line is "N passed, N failed".
UNIT_SRC := $(wildcard tests/unit/*.c)
$(BUILD)/unit_tests: $(UNIT_SRC) $(BUILD)/libars.a tests/unit/harness.h tests/unit/fixture.h
	$(call say,CC LD,$@)
	$(Q)$(CC) $(CFLAGS_BASE) $(TEST_DEFS) -Wno-missing-prototypes $(UNIT_SRC) \
	  $(BUILD)/libars.a $(LIBS) -o $@
$(BUILD)/asan/unit_tests: $(UNIT_SRC) $(ASAN_OBJ) tests/unit/harness.h tests/unit/fixture.h
	@mkdir -p $(dir $@)
	$(call say,CC LD,$@ (ASan+UBSan))
	$(Q)$(CC) $(CSTD) $(WARN) -Wno-missing-prototypes $(TEST_DEFS) $(ASAN_FLAGS) \
	  $(LIB_CFLAGS) $(UNIT_SRC) $(ASAN_OBJ) $(LIBS) -o $@

# --- installing: make install, make uninstall, make deb ----------------------
#
#   make install [PREFIX=/usr/local] [DESTDIR=...]
#       the program in PREFIX/bin, its data (every file of templates/, and
#       fonts/fonts.txt) in PREFIX/share/arsrapport, where the program finds
#       it at run time (BIN/../share/arsrapport), the manual pages (Swedish
#       in man1, English in en/man1) and the bash completion
#   make uninstall [PREFIX=...] [DESTDIR=...]   removes all of that
#   make deb    a Debian package, $(DEBDIR)/arsrapport_VERSION_ARCH.deb:
#       the same files staged with PREFIX=/usr, dpkg-deb, the libraries'
#       packages computed by dpkg-shlibdeps, plus the packages of the fonts,
#       the hyphenation dictionary and the colour profile; every date is
#       the last commit's (or SOURCE_DATE_EPOCH): the same program gives
#       the same package
#
# INSTALL_PROGRAM names the program to install (tests/install.sh installs
# the ASan build with it).
PREFIX      ?= /usr/local
DESTDIR     ?=
INSTALL_PROGRAM ?= $(BUILD)/arsrapport
bindir      = $(PREFIX)/bin
pkgdatadir  = $(PREFIX)/share/arsrapport
mandir      = $(PREFIX)/share/man
bashcompdir = $(PREFIX)/share/bash-completion/completions
# the program's data: everything it reads under templates/, and the font list
DATA_FILES  = $(sort $(shell find templates -type f ! -name '*~' ! -name '.*' 2>/dev/null)) \
              fonts/fonts.txt
MAN_PAGES   := $(BUILD)/man/sv/arsrapport.1 $(BUILD)/man/en/arsrapport.1

# (a temporary file of its own, renamed: the two runs of tests/install.sh
# that run_all.sh starts at once may both make the page)
$(BUILD)/man/%/arsrapport.1: man/%/arsrapport.1.in man/gen_man.sh $(BUILD)/arsrapport
	@mkdir -p $(dir $@)
	$(call say,MAN,$@)
	$(Q)man/gen_man.sh $(BUILD)/arsrapport $* $< $(VERSION) > $@.$$$$ && mv $@.$$$$ $@
man: $(MAN_PAGES)

install: $(INSTALL_PROGRAM) $(MAN_PAGES)
	$(call say,INSTALL,$(DESTDIR)$(bindir)/arsrapport)
	$(Q)install -d $(DESTDIR)$(bindir)
	$(Q)install -m 755 $(INSTALL_PROGRAM) $(DESTDIR)$(bindir)/arsrapport
	$(call say,INSTALL,$(DESTDIR)$(pkgdatadir) ($(words $(DATA_FILES)) files))
	$(Q)for f in $(DATA_FILES); do \
	  install -D -m 644 "$$f" "$(DESTDIR)$(pkgdatadir)/$$f" || exit 1; done
	$(call say,INSTALL,$(DESTDIR)$(mandir)/man1/arsrapport.1 en/man1/arsrapport.1)
	$(Q)install -D -m 644 $(BUILD)/man/sv/arsrapport.1 $(DESTDIR)$(mandir)/man1/arsrapport.1
	$(Q)install -D -m 644 $(BUILD)/man/en/arsrapport.1 $(DESTDIR)$(mandir)/en/man1/arsrapport.1
	$(call say,INSTALL,$(DESTDIR)$(bashcompdir)/arsrapport)
	$(Q)install -D -m 644 completion/arsrapport.bash $(DESTDIR)$(bashcompdir)/arsrapport

uninstall:
	$(call say,RM,$(DESTDIR)$(bindir)/arsrapport $(DESTDIR)$(pkgdatadir))
	$(Q)rm -f $(DESTDIR)$(bindir)/arsrapport $(DESTDIR)$(mandir)/man1/arsrapport.1 \
	  $(DESTDIR)$(mandir)/en/man1/arsrapport.1 $(DESTDIR)$(bashcompdir)/arsrapport
	$(Q)rm -rf $(DESTDIR)$(pkgdatadir)
	$(Q)for d in $(mandir)/en/man1 $(mandir)/en $(bashcompdir) $(dir $(bashcompdir)); do \
	  [ ! -d "$(DESTDIR)$$d" ] || rmdir --ignore-fail-on-non-empty "$(DESTDIR)$$d"; done

# The package: staged as dpkg-buildpackage would (DEBDIR/debian/arsrapport,
# with a DEBDIR/debian/control for dpkg-shlibdeps), built by dpkg-deb.
DEBDIR      ?= $(BUILD)/deb
DEB_ARCH    := $(shell dpkg --print-architecture 2>/dev/null)
DEB_FILE    = $(DEBDIR)/arsrapport_$(VERSION)_$(DEB_ARCH).deb
DEB_MAINTAINER ?= arsrapport maintainers <arsrapport@users.noreply.invalid>
# dpkg-deb's compression (tests/install.sh packs the large ASan build with
# the faster "gzip -z1")
DEB_COMPRESS ?= xz
# what the program reads at run time from other packages: the fonts of
# fonts/fonts.txt (their packages, its third column), the Swedish
# hyphenation dictionary and the sRGB profile PDF/A needs; libcurl4,
# which `hamta` loads at run time (src/net), and libzip4, which reading a
# Word, OpenDocument or spreadsheet file loads (src/zip): not linked, so
# dpkg-shlibdeps cannot see them
DEB_RUNTIME = $(shell awk '!/^\#/ && NF >= 3 { print $$3 }' fonts/fonts.txt | sort -u) \
              hyphen-sv icc-profiles-free libcurl4 libzip4
deb: $(INSTALL_PROGRAM) $(MAN_PAGES)
	$(Q)rm -rf $(DEBDIR)/debian
	$(Q)$(MAKE) install PREFIX=/usr DESTDIR=$(abspath $(DEBDIR))/debian/arsrapport \
	  INSTALL_PROGRAM=$(INSTALL_PROGRAM) V=$(V) > /dev/null
	$(call say,DEB,$(DEB_FILE))
	$(Q)command -v dpkg-deb > /dev/null && command -v dpkg-shlibdeps > /dev/null || \
	  { echo "dpkg-deb och dpkg-shlibdeps behövs: make deps"; exit 1; }
	$(Q)set -e; root=$(DEBDIR)/debian/arsrapport; \
	strip --strip-unneeded --remove-section=.comment --remove-section=.note \
	  $$root/usr/bin/arsrapport; \
	gzip -9n $$root/usr/share/man/man1/arsrapport.1 $$root/usr/share/man/en/man1/arsrapport.1; \
	install -d $$root/usr/share/doc/arsrapport $$root/DEBIAN; \
	install -m 644 pkg/deb/copyright $$root/usr/share/doc/arsrapport/copyright; \
	date=$$(git log -1 --format=%cD 2>/dev/null || date -R); \
	printf 'arsrapport (%s) unstable; urgency=medium\n\n  * Built from the source tree by make deb.\n\n -- %s  %s\n' \
	  '$(VERSION)' '$(DEB_MAINTAINER)' "$$date" | gzip -9n > $$root/usr/share/doc/arsrapport/changelog.gz; \
	chmod 644 $$root/usr/share/doc/arsrapport/changelog.gz; \
	printf 'Source: arsrapport\n\nPackage: arsrapport\nArchitecture: any\n' > $(DEBDIR)/debian/control; \
	libs=$$(cd $(DEBDIR) && dpkg-shlibdeps -O debian/arsrapport/usr/bin/arsrapport | sed -n 's/^shlibs:Depends=//p'); \
	[ -n "$$libs" ] || { echo "dpkg-shlibdeps gav inga beroenden"; exit 1; }; \
	depends="$$libs$$(for p in $(DEB_RUNTIME); do printf ', %s' $$p; done)"; \
	size=$$(du -sk --apparent-size $$root/usr | cut -f1); \
	sed -e 's/@VERSION@/$(VERSION)/' -e 's/@ARCH@/$(DEB_ARCH)/' -e "s/@SIZE@/$$size/" \
	  -e "s/@DEPENDS@/$$depends/" -e 's/@MAINTAINER@/$(DEB_MAINTAINER)/' \
	  pkg/deb/control.in > $$root/DEBIAN/control; \
	(cd $$root && find usr -type f | LC_ALL=C sort | xargs md5sum > DEBIAN/md5sums); \
	chmod 644 $$root/DEBIAN/control $$root/DEBIAN/md5sums; \
	find $$root -type d -exec chmod 755 {} +; \
	epoch=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || date +%s)}; \
	find $$root -exec touch -h -d @$$epoch {} +; \
	SOURCE_DATE_EPOCH=$$epoch dpkg-deb --root-owner-group -Z$(DEB_COMPRESS) --build $$root $(DEB_FILE) > /dev/null
	@echo "$(DEB_FILE)"

run: deps
	@$(MAKE) --no-print-directory -s all
	@mkdir -p $(OUT)
	@st=0; for f in input/*.xml; do \
	  $(BUILD)/arsrapport build --webb "$$f" -o $(OUT)/ || { \
	    r=$$?; if [ $$r = 1 ]; then \
	      echo "  $$f har fel: skriver ett UTKAST med felen ovan"; \
	      $(BUILD)/arsrapport build --webb --utkast "$$f" -o $(OUT)/ 2>/dev/null \
	        || [ $$? = 1 ] || st=1; \
	    else st=1; fi; }; \
	done; exit $$st

# (the builds use every core: JOBS, default the machine's)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
test: deps
	@$(MAKE) --no-print-directory -s -j$(JOBS) $(BUILD)/npm/.installed all $(BUILD)/unit_tests \
	  $(BUILD)/asan/arsrapport $(BUILD)/asan/unit_tests $(BUILD)/fuzz/fuzz_pipeline \
	  $(BUILD)/fuzz/fuzz_style $(BUILD)/fuzz/fuzz_rules
	@echo "fuzz: $(FUZZ_TEST_SECONDS) s över hela kedjan (make fuzz kör längre)"
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_TEST_SECONDS) FUZZ_EXTRA_SECONDS=$(FUZZ_SMOKE_SECONDS)
	@BUILD=$(BUILD) tests/run_all.sh

# Speed and memory at about 12, 100 and 500 pages against the peers found
# on this machine (tests/bench/bench.sh says how to install them; not a test).
bench: deps
	@$(MAKE) --no-print-directory -s all
	@BUILD=$(BUILD) tests/bench/bench.sh

# Reading a 100 000-row CSV into a table (issue 22; not a test).
$(BUILD)/bench_data: tests/bench/bench_data.c $(BUILD)/libars.a
	$(CC) $(CFLAGS_BASE) $< $(BUILD)/libars.a $(LIBS) -o $@
bench-data: $(BUILD)/bench_data
	@BUILD=$(BUILD) tests/bench/bench_data.sh

format:
	clang-format -i src/*/*.c src/*/*.h tests/unit/*.c tests/unit/*.h tests/fuzz/*.c

check-format:
	@clang-format --dry-run --Werror src/*/*.c src/*/*.h tests/unit/*.c tests/unit/*.h tests/fuzz/*.c

clean:
	rm -rf $(BUILD) $(OUT)
