# slds: top-level, non-recursive Makefile.
#
#   make                 build common/libslds.a and every program into bin/
#   make check           install missing packages, build, run unit, stage and e2e tests
#   make demo            install missing packages, build, run a whole batch on a
#                        synthetic state against a private PostgreSQL under ./var/
#   make install         install programs under $(DESTDIR)$(PREFIX)
#   make deps            install the Debian packages the build and tests need
#   make clean
#
# Knobs: DEVELOPER=1 turns warnings into errors; SANITIZE=address,undefined builds
# everything with sanitizers.  Objects go to build/ and are rebuilt when the flags
# change (build/CFLAGS records them), so a sanitizer build never mixes with a plain one.

VERSION = 0.1.0
PREFIX ?= /usr/local
bindir = $(PREFIX)/bin
datadir = $(PREFIX)/share/slds

CC ?= cc
AR ?= ar
PKG_CONFIG ?= pkg-config
OPT ?= -O2 -g

PKGS = libpq libxml-2.0 libcrypto libpcre2-8
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lcsv -lm
CHECK_CFLAGS := $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS := $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

WARN = -Wall -Wextra -Wpedantic -Wformat=2 -Wmissing-prototypes \
	-Wstrict-prototypes -Wold-style-definition -Wshadow -Wvla \
	-Wwrite-strings -Wimplicit-fallthrough -fno-common
ifeq ($(DEVELOPER),1)
WARN += -Werror
endif

ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -pthread $(OPT) $(WARN) -Icommon \
	-DSLDS_VERSION='"$(VERSION)"' -DSLDS_DATADIR='"$(datadir)"' $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = -pthread $(LDFLAGS)
ifdef SANITIZE
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
ALL_LDFLAGS += -fsanitize=$(SANITIZE)
endif

# Programs: every slds-*.c in a stage folder is a program; the other .c files of
# that folder are its modules, linked into each program of the folder.
STAGE_DIRS = ingest validate match load reports jobs tools
PROGRAM_SRC = $(foreach d,$(STAGE_DIRS),$(wildcard $(d)/slds-*.c))
PROGRAMS = $(patsubst %.c,bin/%,$(notdir $(PROGRAM_SRC)))

LIB = common/libslds.a
LIB_SRC = $(wildcard common/*.c)
LIB_OBJ = $(patsubst %.c,build/%.o,$(LIB_SRC))

UNIT_SRC = $(wildcard tests/unit/check_*.c)
UNIT_BIN = $(patsubst %.c,build/%,$(UNIT_SRC))
UNIT_HELPER_OBJ = $(patsubst %.c,build/%.o,$(filter-out tests/unit/check_%,$(wildcard tests/unit/*.c)))

all: $(PROGRAMS) $(LIB)

.PHONY: all check test test-unit test-stage test-e2e demo deps install clean FORCE

build/CFLAGS: FORCE
	@mkdir -p build
	@echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)' > build/CFLAGS.new
	@if cmp -s build/CFLAGS.new build/CFLAGS; then rm -f build/CFLAGS.new; \
	else mv build/CFLAGS.new build/CFLAGS; fi

build/%.o: %.c build/CFLAGS
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

define program_rule
bin/$(basename $(notdir $(1))): build/$(basename $(1)).o \
		$(patsubst %.c,build/%.o,$(filter-out $(dir $(1))slds-%,$(wildcard $(dir $(1))*.c))) $(LIB)
	@mkdir -p bin
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^ $$(PKG_LIBS)
endef
$(foreach p,$(PROGRAM_SRC),$(eval $(call program_rule,$(p))))

build/tests/unit/check_%: build/tests/unit/check_%.o $(UNIT_HELPER_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(filter %.o,$^) $(filter %.a,$^) $(PKG_LIBS) $(CHECK_LIBS)

build/tests/unit/%.o: ALL_CFLAGS += $(CHECK_CFLAGS) -Iingest -Imatch -Itools

# Unit tests of a stage's modules link that module too.
build/tests/unit/check_csv_reader_portable: build/common/csv_reader_portable.o
build/tests/unit/check_compare: build/match/compare.o
build/tests/unit/check_fs: build/match/fs.o
build/tests/unit/check_grade: build/match/grade.o build/match/fs.o build/match/compare.o \
		build/match/dmetaphone.o build/match/nickname.o
build/tests/unit/check_dmetaphone: build/match/dmetaphone.o build/match/compare.o
build/tests/unit/check_block: build/match/block.o build/match/grade.o build/match/fs.o \
		build/match/compare.o build/match/dmetaphone.o build/match/nickname.o
build/tests/unit/check_cluster: build/match/cluster.o
build/tests/unit/check_registry: $(patsubst %.c,build/%.o,$(filter-out match/slds-%,$(wildcard match/*.c)))
# The generator's nicknames must all be known to the matcher: the test asks it.
build/tests/unit/check_nickname: build/match/nickname.o build/match/compare.o \
		build/tools/synth_names.o
build/common/csv_reader_portable.o: common/csv_reader.c build/CFLAGS
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DCSV_READER_PORTABLE -MMD -MP -c -o $@ $<
build/tests/unit/check_edfi_map: build/ingest/edfi_map.o
build/tests/unit/check_edfi_reader: build/ingest/edfi_reader.o

# The two README commands.  Each installs what is missing first and then runs a
# fresh make, so that pkg-config sees the packages deps just installed.
check: deps
	@$(MAKE) --no-print-directory test

demo: deps
	@$(MAKE) --no-print-directory all
	@jobs/demo.sh

test: all $(UNIT_BIN)
	@tests/run.sh

test-unit: $(UNIT_BIN)
	@tests/run.sh unit

test-stage: all
	@tests/run.sh stage

test-e2e: all
	@tests/run.sh e2e

deps:
	@jobs/deps.sh

install: all
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(datadir)/sql $(DESTDIR)$(datadir)/jobs \
		$(DESTDIR)$(datadir)/rules/codes
	install -m 755 $(PROGRAMS) $(DESTDIR)$(bindir)
	install -m 644 sql/*.sql $(DESTDIR)$(datadir)/sql
	install -m 644 validate/rules/*.rules $(DESTDIR)$(datadir)/rules
	install -m 644 validate/rules/codes/*.csv $(DESTDIR)$(datadir)/rules/codes
	install -m 644 data/edfi-descriptors.csv $(DESTDIR)$(datadir)
	install -m 644 match/nicknames.csv match/model.ini $(DESTDIR)$(datadir)
	install -m 755 jobs/pgcluster $(DESTDIR)$(datadir)/jobs

clean:
	rm -rf build bin $(LIB)

FORCE:

# Keep the objects of unit tests (intermediate files of a pattern rule).
.SECONDARY:

-include $(shell find build -name '*.d' 2>/dev/null)
