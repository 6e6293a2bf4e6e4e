# csmetrics: PGXS build.  The version lives only in csmetrics.control; the
# install script's versioned name is derived from it.

EXTENSION = csmetrics
EXTVERSION = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" $(EXTENSION).control)

MODULE_big = csmetrics
OBJS = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))

# The install script is assembled from one declaration file per metric
# family (sql/install/NN_family.sql), in file-name order.
INSTALL_PARTS = $(sort $(wildcard sql/install/*.sql))

# Upgrades: each directory sql/update/OLD--NEW/ holds the parts of one update
# script, assembled in file-name order into $(EXTENSION)--OLD--NEW.sql.  The
# install scripts of earlier versions are shipped frozen, byte for byte, as
# sql/update/$(EXTENSION)--OLD.sql, so that CREATE EXTENSION ... VERSION 'OLD'
# then ALTER EXTENSION ... UPDATE can be tested (test/t_upgrade.sh).
UPDATE_STEPS = $(patsubst sql/update/%/,%,$(sort $(dir $(wildcard sql/update/*--*/*.sql))))
UPDATE_SCRIPTS = $(patsubst %,$(EXTENSION)--%.sql,$(UPDATE_STEPS))

DATA = $(sort $(wildcard sql/update/$(EXTENSION)--*.sql))
DATA_built = $(EXTENSION)--$(EXTVERSION).sql $(UPDATE_SCRIPTS)

# pg_regress: one test per file in sql/, expected output in expected/.
REGRESS = $(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql)))
REGRESS_OPTS = --load-extension=$(EXTENSION)

PG_CFLAGS = -Wall -Wextra -Werror

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# PGXS does not track headers: rebuild every object when any header changes.
$(OBJS): $(wildcard src/*.h)

$(EXTENSION)--$(EXTVERSION).sql: $(INSTALL_PARTS) $(EXTENSION).control
	cat $(INSTALL_PARTS) > $@

# $(EXTENSION)--OLD--NEW.sql from the parts in sql/update/OLD--NEW/; the
# directory is a prerequisite too, so that removing a part rebuilds it.
.SECONDEXPANSION:
$(UPDATE_SCRIPTS): $(EXTENSION)--%.sql: $$(sort $$(wildcard sql/update/$$*/*.sql)) sql/update/$$*/
	cat $(filter %.sql,$^) > $@

# PGXN.  META.json is generated from META.json.in with the control file's
# default_version, so csmetrics.control stays the one source of the version;
# it is not committed (.gitignore), and make dist puts it in the archive.
META.json: META.json.in $(EXTENSION).control
	sed 's/@EXTVERSION@/$(EXTVERSION)/g' META.json.in > $@

# make dist: the release archive PGXN takes, $(EXTENSION)-VERSION.zip with
# everything under $(EXTENSION)-VERSION/: the committed tree (git archive
# HEAD, so no build product or uncommitted change gets in) plus META.json.
dist: META.json
	@git diff --quiet HEAD -- 2>/dev/null || echo "make dist: note: uncommitted changes are not in the archive (it is made from HEAD)"
	git archive --format=zip --prefix=$(EXTENSION)-$(EXTVERSION)/ --add-file=META.json -o $(EXTENSION)-$(EXTVERSION).zip HEAD

# make clean removes META.json too (PGXS has read EXTRA_CLEAN by now).
clean: clean-meta
clean-meta:
	rm -f META.json

.PHONY: dist clean-meta
