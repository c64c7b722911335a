# govrec front door. CMake does the building; this file only names the steps a
# person types: deps, build, demo, check, install. The Debian packages govrec
# needs are listed here and nowhere else.

DEB_PACKAGES := build-essential cmake pkg-config \
	libsqlite3-dev sqlite3 libxml2-dev libxml2-utils libpcre2-dev \
	libarchive-dev libsodium-dev nettle-dev check minisign mandoc zstd gzip zip unzip valgrind \
	python3 time

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
endif

CMAKE_FLAGS += -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGOVREC_WERROR=$(WERROR) \
	-DCMAKE_INSTALL_PREFIX=$(PREFIX)

.PHONY: all build deps demo check install clean

all: build

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "govrec: installing:" $$missing; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j2

check: build
ifeq ($(VALGRIND),1)
	cd $(BUILD) && ctest --output-on-failure -j2 -E '$(VALGRIND_SKIP)'
else
	cd $(BUILD) && ctest --output-on-failure -j2
endif

demo: build
	@GOVREC=$(CURDIR)/$(BUILD)/govrec DEMO_DIR=$(DEMO_DIR) sh records/demo/demo.sh

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf build build-sanitize build-valgrind build-fuzz
