# govrec front door. CMake does the building; this file only names the steps a
# person types: deps, build, demo, check, install. The Debian packages govrec
# needs are listed here and nowhere else, by the step that needs them.
#
# Each step does its own job and no more: `make` (build) installs only what
# the build needs and builds everything; `make demo` builds only the govrec
# binary; `make check` also installs the tools the tests use. The package
# check is one dpkg-query call, made again only when this file changes
# (a stamp in the build directory). Every build passes the cmake flags and
# configures again when they changed since the last time (CI=1 turns on
# -Werror in a build made without it).

# To configure and build: the compiler, cmake and the libraries' headers
# (Check too: the unit tests are configured with the rest).
BUILD_PACKAGES := build-essential cmake pkg-config \
	libsqlite3-dev libxml2-dev libpcre2-dev libarchive-dev libsodium-dev nettle-dev check \
	libpoppler-glib-dev
# The demo's last part checks its bundle without govrec.
DEMO_PACKAGES := minisign zstd
# The tests: the sqlite3 and xmllint tools, mandoc for the man pages, the
# archivers, python3 for test scripts, /usr/bin/time for peak memory, jq for
# a man page example; pdftotext (poppler-utils) and reportlab for the PDF
# fixtures and bench (tests/data/pdf/make-pdfs.py, tests/bench/pdf.sh);
# valgrind only for `make check VALGRIND=1`.
TEST_PACKAGES := $(DEMO_PACKAGES) sqlite3 libxml2-utils mandoc gzip zip unzip python3 time jq \
	poppler-utils python3-reportlab

BUILD     ?= build
SANITIZE  ?=
VALGRIND  ?=
WERROR    ?= $(if $(CI),ON,OFF)
PREFIX    ?= /usr/local
DEMO_DIR  ?= $(CURDIR)/.demo

ifeq ($(SANITIZE),1)
BUILD := build-sanitize
CMAKE_FLAGS += -DGOVREC_SANITIZE=ON
endif
# Every test under valgrind memcheck (tests/valgrind.sh; see docs/HACKING.md).
# The crash harness is left out: it kills govrec 0-120 ms after starting it,
# which under valgrind is still valgrind's own start-up, so it would test
# nothing (and a killed process leaves no leak report).
VALGRIND_SKIP := cli/test-crash
ifeq ($(VALGRIND),1)
BUILD := build-valgrind
CMAKE_FLAGS += -DGOVREC_VALGRIND=ON
TEST_PACKAGES += valgrind
endif

CMAKE_FLAGS += -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGOVREC_WERROR=$(WERROR) \
	-DCMAKE_INSTALL_PREFIX=$(PREFIX)

.PHONY: all build deps deps-build deps-demo deps-test configure demo check install clean

all: build

# deps-NAME: installs what is missing of NAME_PACKAGES with apt-get (as root,
# or with sudo), then leaves a stamp so that the next make does not ask dpkg
# again until this Makefile changes. Without dpkg (not Debian) it only says so.
define deps_rule
deps-$(1): $(BUILD)/.deps-$(1)
$(BUILD)/.deps-$(1): Makefile
	@mkdir -p $(BUILD)
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
		echo "govrec: no dpkg here; make sure these are installed: $(2)"; \
	else \
		missing=$$$$(dpkg-query -W -f='$$$${db:Status-Abbrev} $$$${Package}\n' $(2) 2>/dev/null | \
			awk '$$$$1 == "ii" { ok[$$$$2] = 1 } END { n = split("$(2)", p, " "); \
				for (i = 1; i <= n; i++) if (!(p[i] in ok)) print p[i] }'); \
		if [ -n "$$$$missing" ]; then \
			echo "govrec: installing:" $$$$missing; \
			if [ "$$$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
			$$$$SUDO apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive $$$$SUDO apt-get install -y -qq \
				--no-install-recommends $$$$missing || exit 1; \
		fi; \
	fi
	@touch $$@
endef
$(eval $(call deps_rule,build,$(BUILD_PACKAGES)))
$(eval $(call deps_rule,demo,$(DEMO_PACKAGES)))
$(eval $(call deps_rule,test,$(TEST_PACKAGES)))

deps: deps-build deps-test

# Configures when there is no cache yet, when the flags differ from those of
# the last configure (kept in $(BUILD)/.cmake-flags), or when a CMakeLists.txt
# changed since: the build would regenerate by itself, but only once asked
# for a target the old build files know (`--target govrec-io` in a build
# tree from before it existed stopped `make demo`).
configure: deps-build
	@if [ ! -f $(BUILD)/CMakeCache.txt ] || \
	    [ "$$(cat $(BUILD)/.cmake-flags 2>/dev/null)" != "$(CMAKE_FLAGS)" ] || \
	    [ -n "$$(find CMakeLists.txt tests/CMakeLists.txt tests/fuzz/CMakeLists.txt \
		-newer $(BUILD)/Makefile 2>/dev/null)" ]; then \
		cmake -S . -B $(BUILD) $(CMAKE_FLAGS) && \
		echo "$(CMAKE_FLAGS)" >$(BUILD)/.cmake-flags; \
	fi

build: configure
	cmake --build $(BUILD) -j2

check: deps-test build
ifeq ($(VALGRIND),1)
	cd $(BUILD) && ctest --output-on-failure -j2 -E '$(VALGRIND_SKIP)'
else
	cd $(BUILD) && ctest --output-on-failure -j2
endif

demo: configure deps-demo
	cmake --build $(BUILD) -j2 --target govrec govrec-io
	@GOVREC=$(CURDIR)/$(BUILD)/govrec DEMO_DIR=$(DEMO_DIR) sh records/demo/demo.sh

install: configure
	cmake --build $(BUILD) -j2 --target govrec govrec-io
	cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf build build-sanitize build-valgrind build-fuzz
