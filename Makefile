# media-worker: build, test and demo on Debian 12.
# Every target installs what it needs, idempotently: Debian packages with apt-get,
# Python tools in .venv (moto, boto3, awscli, cfn-lint) and LocalStack in .venv-localstack.

SHELL := /bin/bash
.DEFAULT_GOAL := build

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := pkg-config curl python3-venv \
	libcurl4-openssl-dev libssl-dev libxml2-dev \
	libavformat-dev libavcodec-dev libswscale-dev libswresample-dev libavutil-dev ffmpeg \
	redis-server openssl
PYTHON ?= python3
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $$HOME/.pyenv)
LOCALSTACK_PYTHON ?= $(PYENV_ROOT)/versions/3.13.0/bin/python3
VENV := .venv
LOCALSTACK_VENV := .venv-localstack
PY_PACKAGES := 'moto[server,s3crc32c]==5.2.1' boto3 awscli cfn-lint jsonschema
LOCALSTACK_PACKAGES := 'localstack-core[runtime]==2026.3.0' cbor2==5.9.0 pyopenssl==24.3.0 cryptography==44.0.3 service-identity==24.2.0
SWIFT_BUILD_FLAGS ?=

export MEDIA_WORKER_VENV := $(CURDIR)/$(VENV)
export MEDIA_WORKER_LOCALSTACK_VENV := $(CURDIR)/$(LOCALSTACK_VENV)

.PHONY: build test demo deps deps-system deps-python deps-localstack check-swift clean help

help:
	@echo "make demo   - install what is needed, then run the demo end to end"
	@echo "make test   - install what is needed, then run the whole test suite"
	@echo "make build  - build the media-worker binary (.build/debug/media-worker)"

check-swift:
	@command -v swift >/dev/null || { echo "Swift 6.3 is required: install the toolchain from swift.org and put it on PATH"; exit 1; }

deps-system:
	@missing=""; for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

$(VENV)/.installed: Makefile
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check $(PY_PACKAGES)
	touch $@

deps-python: $(VENV)/.installed

$(LOCALSTACK_VENV)/.installed:
	@[ -x "$(LOCALSTACK_PYTHON)" ] || { echo "LocalStack needs Python 3.13.0 at $(LOCALSTACK_PYTHON) (pyenv install 3.13.0)"; exit 1; }
	$(LOCALSTACK_PYTHON) -m venv $(LOCALSTACK_VENV)
	$(LOCALSTACK_VENV)/bin/pip install -q --disable-pip-version-check $(LOCALSTACK_PACKAGES)
	touch $@

deps-localstack: $(LOCALSTACK_VENV)/.installed

deps: check-swift deps-system deps-python deps-localstack

build: check-swift deps-system
	swift build $(SWIFT_BUILD_FLAGS)

test: deps
	swift build --build-tests $(SWIFT_BUILD_FLAGS)
	swift test --skip-build $(SWIFT_BUILD_FLAGS)

demo: deps build
	bash scripts/demo.sh

clean:
	rm -rf .build $(VENV) $(LOCALSTACK_VENV)

.PHONY: bench
# Benchmarks against the reference tools in one run: the S3 table (against boto3) and the
# media table (against ffmpeg/ffprobe). BENCH_SIZE_MIB, BENCH_SECONDS and BENCH_S3_GIB scale them.
BENCH_SIZE_MIB ?= 1024
BENCH_SECONDS ?= 60
BENCH_S3_GIB ?= 2
bench: deps-system deps-python deps-localstack check-swift
	swift build -c release
	$(VENV)/bin/python Benchmarks/bench.py --size-mib $(BENCH_SIZE_MIB)
	$(VENV)/bin/python Benchmarks/media_bench.py --seconds $(BENCH_SECONDS) --s3-gib $(BENCH_S3_GIB)

.PHONY: reliability
# Load and fault runs at full size (200 uploads each, about 20 minutes): prints the table
# docs/reliability.md quotes. RELIABILITY_UPLOADS scales it. `make test` runs short versions.
RELIABILITY_UPLOADS ?= 200
reliability: deps build
	$(VENV)/bin/python Benchmarks/reliability_suite.py --binary .build/debug/media-worker --uploads $(RELIABILITY_UPLOADS)

.PHONY: fuzz
# libFuzzer with AddressSanitizer on the parsers (event decoder, S3 XML, job templates,
# captions): FUZZ_SECONDS per target, starting from Fuzz/Corpus (new inputs go to
# .build-fuzz/corpus; copy the useful ones back). A crash fails the target and leaves its
# input in .build-fuzz/crashes. `make test` replays the committed corpora.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := FuzzEventDecoder FuzzS3XML FuzzJobTemplate FuzzCaptions
fuzz: deps-system check-swift
	@for target in $(FUZZ_TARGETS); do \
		swift build --scratch-path .build-fuzz --sanitize=fuzzer --sanitize=address -Xswiftc -DFUZZING -Xswiftc -sanitize=fuzzer,address --product $$target 2>&1 | grep -E "error|warning: .*Sources|Compiling|Build complete" | tail -1 || exit 1; \
	done
	@mkdir -p .build-fuzz/crashes
	@for target in $(FUZZ_TARGETS); do \
		mkdir -p .build-fuzz/corpus/$$target; \
		SWIFT_BACKTRACE=enable=no .build-fuzz/debug/$$target -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
			-artifact_prefix=.build-fuzz/crashes/$$target- -print_final_stats=1 .build-fuzz/corpus/$$target Fuzz/Corpus/$$target \
			> .build-fuzz/$$target.log 2>&1 || { tail -40 .build-fuzz/$$target.log; echo "fuzz: $$target crashed; input in .build-fuzz/crashes"; exit 1; }; \
		echo "fuzz: $$target: $$(grep -o 'stat::number_of_executed_units: *[0-9]*' .build-fuzz/$$target.log | grep -o '[0-9]*$$') runs in $(FUZZ_SECONDS) s, $$(grep -o 'cov: [0-9]*' .build-fuzz/$$target.log | tail -1) edges, corpus $$(ls .build-fuzz/corpus/$$target | wc -l) new + $$(ls Fuzz/Corpus/$$target | wc -l) committed, no crash"; \
	done

.PHONY: sanitize
# The whole test suite under AddressSanitizer, then ThreadSanitizer (own build folders;
# each takes several times as long as `make test`; the workers the tests start are
# sanitized builds too). Tests/Helpers/lsan.supp names the test harness's own leaks.
sanitize: deps
	swift build --build-tests --sanitize=address --scratch-path .build-asan
	SWIFT_BACKTRACE=enable=no LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/Helpers/lsan.supp swift test --skip-build --sanitize=address --scratch-path .build-asan
	swift build --build-tests --sanitize=thread --scratch-path .build-tsan
	SWIFT_BACKTRACE=enable=no swift test --skip-build --sanitize=thread --scratch-path .build-tsan
