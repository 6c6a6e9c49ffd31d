# ethotop — build, run, test, benchmark.
#
#   make run     install system packages if missing, build release, run the embedded demo
#   make test    install system and test packages if missing, build, run every test
#   make bench   release micro-benchmarks and peer comparisons (see docs/BENCHMARKS.md)
#   make format  swift format, in place; make lint checks it
#   make install PREFIX=/usr/local

SWIFT   ?= swift
PREFIX  ?= /usr/local
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# What the build links against.
BUILD_PACKAGES := libcurl4-openssl-dev libncurses-dev pkg-config
# What the tests talk to or drive: real servers and a real terminal.
TEST_PACKAGES  := tmux nginx-light openssl ncurses-term procps prometheus nghttp2-server
BENCH_PACKAGES := wrk nginx-light gcc valgrind

.PHONY: all build release run demo test bench format lint install clean deps test-deps bench-deps

all: build

# Installs only what is missing, so a second run costs one dpkg query.
define ensure_packages
	@missing=""; for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

deps:
	$(call ensure_packages,$(BUILD_PACKAGES))

test-deps: deps
	$(call ensure_packages,$(TEST_PACKAGES))

bench-deps: deps
	$(call ensure_packages,$(BENCH_PACKAGES))

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: release
	$$($(SWIFT) build -c release --show-bin-path)/ethotop demo

demo: run

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: bench-deps release
	bash bench/run.sh

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests bench

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/ethotop/themes
	install -m 755 $$($(SWIFT) build -c release --show-bin-path)/ethotop $(DESTDIR)$(PREFIX)/bin/ethotop
	if ls themes/*.yaml >/dev/null 2>&1; then install -m 644 themes/*.yaml $(DESTDIR)$(PREFIX)/share/ethotop/themes/; fi

clean:
	rm -rf .build
