# ethotop — build, run, test, benchmark.
#
#   make run     install system packages if missing, build release, run the embedded demo
#   make test    install system and test packages if missing, build, run every test
#   make bench   release micro-benchmarks and peer comparisons (see docs/BENCHMARKS.md)
#   make soak    30 minutes of the demo plus 1,000 flapping endpoints; RSS and FDs to a CSV (SOAK_SECONDS)
#   make fuzz    libFuzzer over the config loader and value parsers, FUZZ_TIME seconds (docs/FAULTS.md)
#   make format  swift format, in place; make lint checks it
#   make install PREFIX=/usr/local

SWIFT   ?= swift
PREFIX  ?= /usr/local
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# What the build links against.
BUILD_PACKAGES := libcurl4-openssl-dev libncurses-dev pkg-config
# What the tests talk to or drive: real servers and a real terminal.
TEST_PACKAGES  := tmux nginx-light openssl ncurses-term procps prometheus nghttp2-server curl systemd
BENCH_PACKAGES := wrk hey nginx-light gcc valgrind tmux htop

.PHONY: all build release run demo test bench soak fuzz format lint install clean deps test-deps bench-deps

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
	$(SWIFT) test --skip-build --no-parallel

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

install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/ethotop/themes
	install -m 755 $$($(SWIFT) build -c release --show-bin-path)/ethotop $(DESTDIR)$(PREFIX)/bin/ethotop
	if ls themes/*.yaml >/dev/null 2>&1; then install -m 644 themes/*.yaml $(DESTDIR)$(PREFIX)/share/ethotop/themes/; fi

clean:
	rm -rf .build
