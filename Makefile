# ethotop — build, run, test, benchmark.
#
#   make run     install system packages if missing, build release, run the embedded demo
#   make test    install system and test packages if missing, build, run every test
#   make bench   release micro-benchmarks and peer comparisons (see docs/BENCHMARKS.md)
#   make soak    30 minutes of the demo plus 1,000 flapping endpoints; RSS and FDs to a CSV (SOAK_SECONDS)
#   make fuzz    libFuzzer over the config loader and value parsers, FUZZ_TIME seconds (docs/FAULTS.md)
#   make format  swift format, in place; make lint checks it
#   make install PREFIX=/usr/local   the static release binary, man page, completions, themes (DESTDIR too)
#   make dist    ethotop-VERSION-linux-ARCH.tar.gz: the same files, for a host without Swift (docs/INSTALL.md)
#   make test-dist   the tarball in a clean Debian root made by debootstrap (part of make test; needs root)

SWIFT   ?= swift
PREFIX  ?= /usr/local
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# What the build links against.
BUILD_PACKAGES := libcurl4-openssl-dev libncurses-dev libsqlite3-dev pkg-config binutils
# What the tests talk to or drive: real servers and a real terminal.
TEST_PACKAGES  := tmux nginx-light openssl ncurses-term procps prometheus nghttp2-server curl systemd python3-venv tinyproxy debootstrap jq
# The OpenAPI fuzzer the agent's API test runs (Tests/EthotopTests/Agent/AgentOpenAPITests.swift),
# from PyPI into a virtualenv of its own under .build/.
SCHEMATHESIS_VENV := .build/schemathesis
SCHEMATHESIS_PIN  := schemathesis==4.32.5
BENCH_PACKAGES := wrk hey nginx-light gcc valgrind tmux htop

.PHONY: all build release release-static man run demo test test-dist bench soak fuzz format lint install dist \
	clean deps test-deps bench-deps

VERSION := $(shell sed -n 's/.*static let string = "\(.*\)"/\1/p' Sources/ethotop/EthotopVersion.swift)
ARCH    := $(shell uname -m)
DIST_NAME := ethotop-$(VERSION)-linux-$(ARCH)
DIST_DIR  := .build/dist
# The installed binary carries the Swift runtime and Foundation inside it (static), so it needs only
# the distribution's libc, libcurl and libncursesw; the dev builds stay dynamic. It has a build
# directory of its own: with and without --static-swift-stdlib, SwiftPM recompiles every module, so
# sharing .build/release would make `make run` and `make install` rebuild everything in turn. No
# $ORIGIN rpath: the installed binary loads libraries from the system's paths only.
STATIC_BUILD := $(SWIFT) build -c release --static-swift-stdlib --disable-local-rpath --product ethotop \
	--scratch-path .build/static
STATIC_BIN   := $$($(STATIC_BUILD) --show-bin-path)/ethotop
MAN_PAGE  := .build/man/ethotop.1

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
	@[ -x $(SCHEMATHESIS_VENV)/bin/schemathesis ] || { \
	  echo "installing $(SCHEMATHESIS_PIN) into $(SCHEMATHESIS_VENV)"; \
	  python3 -m venv $(SCHEMATHESIS_VENV) && $(SCHEMATHESIS_VENV)/bin/pip install -q '$(SCHEMATHESIS_PIN)'; }

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
	$(SWIFT) test --skip-build --no-parallel
	$(MAKE) test-dist

# The tarball in a clean Debian root (debootstrap, cached under .build/dist-root): Tests/dist/run.sh.
test-dist: test-deps dist
	$(SWIFT) build --product ChaosServe
	bash Tests/dist/run.sh $(DIST_DIR)/$(DIST_NAME).tar.gz $$($(SWIFT) build --show-bin-path)/ChaosServe

bench: bench-deps release
	bash bench/run.sh

soak: bench-deps release
	bash bench/soak.sh

# libFuzzer needs its own build (every module instrumented), kept apart from the normal one; the
# Swift backtracer is off so that libFuzzer, not it, handles a crash and saves the input.
FUZZ_TIME ?= 60
FUZZ_DIR  := .build/fuzz
fuzz: deps
	$(SWIFT) build -c release --scratch-path $(FUZZ_DIR) --product ConfigFuzzer \
	  -Xswiftc -sanitize=fuzzer -Xswiftc -DETHOTOP_LIBFUZZER -Xlinker --export-dynamic
	mkdir -p $(FUZZ_DIR)/corpus $(FUZZ_DIR)/seeds
	(printf '\000'; cat examples/config.yaml) > $(FUZZ_DIR)/seeds/loader
	printf '\001250ms' > $(FUZZ_DIR)/seeds/duration
	printf '\002512KiB' > $(FUZZ_DIR)/seeds/size
	printf '\00312.5%%' > $(FUZZ_DIR)/seeds/percent
	printf '\004200-299' > $(FUZZ_DIR)/seeds/status
	SWIFT_BACKTRACE=enable=no $(FUZZ_DIR)/release/ConfigFuzzer -max_total_time=$(FUZZ_TIME) -dict=fuzz/config.dict \
	  -print_final_stats=1 -artifact_prefix=$(FUZZ_DIR)/ $(FUZZ_DIR)/corpus $(FUZZ_DIR)/seeds

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests Benchmarks bench fuzz

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Benchmarks fuzz

release-static: deps
	$(STATIC_BUILD)

# ethotop.1 from the same text as --help: swift-argument-parser's generate-manual plugin renders
# the commands' help (abstracts, discussions, options) to mdoc. It builds and asks the debug
# binary, which `make test` has already built; the date is the last commit's, so the page only
# changes when the source does.
man: deps
	$(SWIFT) package generate-manual --configuration debug \
	  --date "$$(git log -1 --format=%cs 2>/dev/null || date -u +%F)" >/dev/null
	install -d $(dir $(MAN_PAGE))
	install -m 644 .build/plugins/GenerateManual/outputs/ethotop/ethotop.1 $(MAN_PAGE)

install: release-static man
	sh deploy/dist/stage.sh $(STATIC_BIN) $(MAN_PAGE) \
	  $(DESTDIR)$(PREFIX)

# The same tree as `make install`, under one top directory, owned by root, in name order; the
# binary's symbols and debug info go to a .debug file beside the tarball (gdb's symbol-file), not in it.
dist: release-static man
	rm -rf $(DIST_DIR)/$(DIST_NAME)
	sh deploy/dist/stage.sh $(STATIC_BIN) $(MAN_PAGE) \
	  $(DIST_DIR)/$(DIST_NAME)
	tar --sort=name --owner=0 --group=0 --numeric-owner -C $(DIST_DIR) \
	  -czf $(DIST_DIR)/$(DIST_NAME).tar.gz $(DIST_NAME)
	objcopy --only-keep-debug $(STATIC_BIN) $(DIST_DIR)/$(DIST_NAME).debug
	cd $(DIST_DIR) && sha256sum $(DIST_NAME).tar.gz > $(DIST_NAME).tar.gz.sha256
	@echo "$(DIST_DIR)/$(DIST_NAME).tar.gz"

clean:
	rm -rf .build
