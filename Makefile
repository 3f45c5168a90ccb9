# arsrapport: municipal reports from XML to accessible PDF.
#
#   make          build build/arsrapport (warnings are errors)
#   make run      install what is missing, build, render input/*.xml to out/
#                 (NAME.pdf and its web edition NAME.html)
#   make test     install what is missing, build, run every test
#   make bench    speed and memory vs the peer tools, 12/100/500 pages
#   make deps     install the Debian packages the project needs
#   make format   reformat the C sources with clang-format

CC       ?= gcc
VERSION  := 0.1.0
BUILD    := build
OUT      := out

WARN     := -Wall -Wextra -Wpedantic -Werror -Wshadow -Wformat=2 \
            -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wundef \
            -Wno-format-nonliteral
CSTD     := -std=c11 -D_DEFAULT_SOURCE
OPT      ?= -O2 -g
DEFS     := -DARSRAPPORT_VERSION='"$(VERSION)"' -DARSRAPPORT_DATADIR='"$(CURDIR)"'
CFLAGS_BASE = $(CSTD) $(OPT) $(WARN) $(DEFS)

# Third-party headers, each visible to one stage only.
XML_CFLAGS  = $(shell pkg-config --cflags libxml-2.0 libutf8proc 2>/dev/null)
HB_CFLAGS   = $(shell pkg-config --cflags harfbuzz fontconfig 2>/dev/null)
PCRE_CFLAGS = $(shell pkg-config --cflags libpcre2-8 2>/dev/null)
# Line breaking (libunibreak) and hyphenation (libhyphen: no pkg-config).
BREAK_CFLAGS = $(shell pkg-config --cflags libunibreak 2>/dev/null)
# Images (libpng): src/image only.
PNG_CFLAGS  = $(shell pkg-config --cflags libpng 2>/dev/null)
# HTTP (libcurl): src/net only; JSON (json-c): src/kolada only.
NET_CFLAGS  = $(shell pkg-config --cflags libcurl 2>/dev/null)
JSON_CFLAGS = $(shell pkg-config --cflags json-c 2>/dev/null)
LIBS        = $(shell pkg-config --libs libxml-2.0 libutf8proc harfbuzz fontconfig libpcre2-8 2>/dev/null) \
              $(shell pkg-config --libs libunibreak 2>/dev/null || echo -lunibreak) -lhyphen \
              -lhpdf $(shell pkg-config --libs libpng 2>/dev/null || echo -lpng) -lz -lm -pthread \
              $(shell pkg-config --libs libcurl json-c 2>/dev/null || echo -lcurl -ljson-c)

SRC := $(wildcard src/common/*.c src/model/*.c src/parse/*.c \
                  src/validate/*.c src/font/*.c src/layout/*.c src/pdf/*.c \
                  src/image/*.c src/engine/*.c src/resolve/*.c \
                  src/net/*.c src/kolada/*.c src/html/*.c)
MAIN := $(wildcard src/cli/*.c)
HDR := $(wildcard src/*/*.h src/common/*.def src/resolve/*.def)

# Debian packages: build, fonts, and the tools the tests use.
DEB_PKGS := gcc libc6-dev make pkg-config libhpdf-dev libxml2-dev \
            libpcre2-dev libhyphen-dev hyphen-sv libharfbuzz-dev \
            libunibreak-dev libutf8proc-dev libpng-dev zlib1g-dev \
            libfontconfig-dev fonts-liberation2 fonts-dejavu-core \
            icc-profiles-free qpdf poppler-utils mupdf-tools ghostscript fontconfig \
            valgrind clang libclang-rt-14-dev clang-format libxml2-utils \
            python3 python3-pikepdf bc time libcurl4-openssl-dev libjson-c-dev \
            chromium default-jre-headless nodejs
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps run test test-quick bench format check-format clean asan fuzz fuzz-style fuzz-rules

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
	$(CC) $(CFLAGS_BASE) $(if $(findstring /parse/,$<),$(XML_CFLAGS)) \
	  $(if $(findstring /font/,$<),$(HB_CFLAGS)) \
	  $(if $(findstring /validate/,$<),$(PCRE_CFLAGS)) \
	  $(if $(findstring /layout/,$<),$(BREAK_CFLAGS)) \
	  $(if $(findstring /image/,$<),$(PNG_CFLAGS)) \
	  $(if $(findstring /net/,$<),$(NET_CFLAGS)) \
	  $(if $(findstring /kolada/,$<),$(JSON_CFLAGS)) -c $< -o $@

OBJ := $(SRC:src/%.c=$(BUILD)/obj/%.o)

$(BUILD)/libars.a: $(OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/arsrapport: $(MAIN:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/libars.a
	$(CC) $(OPT) $^ $(LIBS) -o $@

# The same program with AddressSanitizer and UndefinedBehaviorSanitizer.
ASAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
              -fno-sanitize-recover=undefined
$(BUILD)/asan/arsrapport: $(SRC) $(MAIN) $(HDR) Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(DEFS) $(ASAN_FLAGS) $(XML_CFLAGS) $(HB_CFLAGS) $(PCRE_CFLAGS) \
	  $(BREAK_CFLAGS) $(PNG_CFLAGS) $(NET_CFLAGS) $(JSON_CFLAGS) $(SRC) $(MAIN) $(LIBS) -o $@
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
$(BUILD)/fuzz/fuzz_pipeline: tests/fuzz/fuzz_pipeline.c $(SRC) $(HDR) Makefile
	@mkdir -p $(dir $@)
	clang $(CSTD) $(WARN) $(DEFS) $(FUZZ_FLAGS) $(XML_CFLAGS) $(HB_CFLAGS) $(PCRE_CFLAGS) $(BREAK_CFLAGS) $(PNG_CFLAGS) $(NET_CFLAGS) $(JSON_CFLAGS) \
	  tests/fuzz/fuzz_pipeline.c $(SRC) $(LIBS) -o $@
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
$(BUILD)/fuzz/fuzz_style $(BUILD)/fuzz/fuzz_rules: $(BUILD)/fuzz/%: tests/fuzz/%.c $(SRC) $(HDR) Makefile
	@mkdir -p $(dir $@)
	clang $(CSTD) $(WARN) $(DEFS) $(FUZZ_FLAGS) $(XML_CFLAGS) $(HB_CFLAGS) $(PCRE_CFLAGS) $(BREAK_CFLAGS) $(PNG_CFLAGS) $(NET_CFLAGS) $(JSON_CFLAGS) \
	  $< $(SRC) $(LIBS) -o $@
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
	$(CC) $(CFLAGS_BASE) -Wno-missing-prototypes $(UNIT_SRC) \
	  $(BUILD)/libars.a $(LIBS) -o $@
$(BUILD)/asan/unit_tests: $(UNIT_SRC) $(SRC) $(HDR) tests/unit/harness.h tests/unit/fixture.h
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -Wno-missing-prototypes $(DEFS) $(ASAN_FLAGS) \
	  $(XML_CFLAGS) $(HB_CFLAGS) $(PCRE_CFLAGS) $(BREAK_CFLAGS) $(PNG_CFLAGS) $(NET_CFLAGS) $(JSON_CFLAGS) $(UNIT_SRC) $(SRC) $(LIBS) -o $@

run: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p $(OUT)
	@st=0; for f in input/*.xml; do \
	  $(BUILD)/arsrapport build --webb "$$f" -o $(OUT)/ || { \
	    r=$$?; if [ $$r = 1 ]; then \
	      echo "  $$f har fel: skriver ett UTKAST med felen ovan"; \
	      $(BUILD)/arsrapport build --webb --utkast "$$f" -o $(OUT)/ 2>/dev/null \
	        || [ $$? = 1 ] || st=1; \
	    else st=1; fi; }; \
	done; exit $$st

test: deps
	@$(MAKE) --no-print-directory $(BUILD)/npm/.installed all $(BUILD)/unit_tests $(BUILD)/asan/arsrapport $(BUILD)/asan/unit_tests
	@echo "fuzz: $(FUZZ_TEST_SECONDS) s över hela kedjan (make fuzz kör längre)"
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_TEST_SECONDS) FUZZ_EXTRA_SECONDS=$(FUZZ_SMOKE_SECONDS)
	@BUILD=$(BUILD) tests/run_all.sh

# Speed and memory at about 12, 100 and 500 pages against the peers found
# on this machine (tests/bench/bench.sh says how to install them; not a test).
bench: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) tests/bench/bench.sh

format:
	clang-format -i src/*/*.c src/*/*.h tests/unit/*.c tests/unit/*.h tests/fuzz/*.c

check-format:
	@clang-format --dry-run --Werror src/*/*.c src/*/*.h tests/unit/*.c tests/unit/*.h tests/fuzz/*.c

clean:
	rm -rf $(BUILD) $(OUT)
