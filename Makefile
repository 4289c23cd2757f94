# media-worker: build, test and demo on Debian 12.
# Every target installs what it needs, idempotently and no more: Debian packages with
# apt-get, pinned Python tools in .venv (moto for the demo; boto3, awscli, cfn-lint and
# jsonschema for the tests) and LocalStack in .venv-localstack, on a Python 3.12+ that
# scripts/find-python-for-localstack.sh finds (LOCALSTACK_PYTHON, pyenv, PATH, uv).
# `make doctor` says what is missing; docs/fresh-machine.md has the clean-root proof.

SHELL := /bin/bash
.DEFAULT_GOAL := build

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# What the Swift toolchain from swift.org's tarball needs on Debian 12 to build and link
# (swift.org's list, less the REPL's and LLDB's), then this package's own needs.
# swift-build and swift-frontend load libcurl, libxml2, libsqlite3, libncurses and libedit;
# linking needs binutils (ld.gold), libc6-dev and GCC 12's crt files and libstdc++.
SWIFT_APT_PACKAGES := binutils git libc6-dev libgcc-12-dev libstdc++-12-dev libedit2 libsqlite3-0 \
	libncurses6 zlib1g-dev tzdata ca-certificates
APT_PACKAGES := $(SWIFT_APT_PACKAGES) pkg-config curl python3-venv \
	libcurl4-openssl-dev libssl-dev libxml2-dev \
	libavformat-dev libavcodec-dev libavfilter-dev libswscale-dev libswresample-dev libavutil-dev ffmpeg fonts-dejavu-core opencv-data \
	redis-server openssl chromium chromium-driver mediainfo
PYTHON ?= /usr/bin/python3
VENV := .venv
LOCALSTACK_VENV := .venv-localstack
REQUIREMENTS := scripts/requirements
SWIFT_BUILD_FLAGS ?=
# The demo's servers: auto (LocalStack when a Python 3.12+ is found, else moto), moto or localstack.
DEMO_BACKEND ?= auto

export MEDIA_WORKER_VENV := $(CURDIR)/$(VENV)
export MEDIA_WORKER_LOCALSTACK_VENV := $(CURDIR)/$(LOCALSTACK_VENV)
export DEMO_BACKEND

.PHONY: build test demo console deps deps-system deps-demo deps-python deps-bench deps-localstack check-swift doctor clean-root clean help

help:
	@echo "make demo       - install what is needed, then run the demo end to end"
	@echo "make test       - install what is needed, then run the whole test suite"
	@echo "make console    - the operator console on demo data (http://127.0.0.1:8090/, demo / demo-password)"
	@echo "make build      - build the media-worker binary (.build/debug/media-worker)"
	@echo "make doctor     - check the toolchain, Debian packages, Python for LocalStack and disk"
	@echo "make clean-root - the two commands above in a clean Debian 12 root (docs/fresh-machine.md)"
	@echo "make container-check - the Dockerfile's image built and run without an engine (docs/operations.md)"

check-swift:
	@command -v swift >/dev/null || { echo "Swift 6.3 is required: install the toolchain from swift.org and put it on PATH"; exit 1; }

deps-system:
	@missing=""; for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# The demo's Python tools (moto), then the tests' (a superset): pinned, installed once.
deps-demo: deps-system
	@bash scripts/python-venv.sh $(VENV) $(PYTHON) $(REQUIREMENTS)/demo.txt

deps-python: deps-system
	@bash scripts/python-venv.sh $(VENV) $(PYTHON) $(REQUIREMENTS)/test.txt

# The benchmarks' extra: imageio-ffmpeg's static FFmpeg, which has libvmaf (Debian's has not).
deps-bench: deps-python
	@bash scripts/python-venv.sh $(VENV) $(PYTHON) $(REQUIREMENTS)/bench.txt

# LocalStack: skipped with the reason in .venv-localstack.unavailable when no Python 3.12+
# can be had (the LocalStack suites then skip, saying why); with CI=true that fails.
deps-localstack: deps-system
	@bash scripts/localstack-venv.sh $(LOCALSTACK_VENV)

deps: check-swift deps-system deps-python deps-localstack

build: check-swift deps-system
	swift build $(SWIFT_BUILD_FLAGS)

# The run's output also goes to .build/test.log; when a test fails, its lines (the ✘ ones)
# are printed again at the end, so the tail that CI shows names what failed.
test: deps
	swift build --build-tests $(SWIFT_BUILD_FLAGS)
	@bash -c 'set -o pipefail; swift test --skip-build $(SWIFT_BUILD_FLAGS) 2>&1 | tee .build/test.log' || \
	    { echo; echo "make test: failed; the failing tests (from .build/test.log):"; grep -a "✘" .build/test.log | cut -c1-600; exit 1; }

demo: check-swift deps-system deps-demo build
	bash scripts/demo.sh
	@echo "The operator console on demo data: make console, then open http://127.0.0.1:8090/ and sign in as demo / demo-password"

# The operator console (docs/console.md) on demo data, with a demo account; Ctrl-C stops it.
console: check-swift deps-system deps-demo build
	bash scripts/console-demo.sh

doctor:
	@APT_PACKAGES="$(APT_PACKAGES)" bash scripts/doctor.sh

# A clean Debian 12 root (debootstrap, outside the repository) with swift.org's toolchain
# copied in; a fresh clone of this repository's HEAD runs `make demo` and `make test` there.
# CLEAN_ROOT_DIR picks the folder (default /var/tmp/media-worker-cleanroot).
clean-root:
	bash scripts/clean-root.sh

# The container without an engine: the Dockerfile's release build, its runtime stage carried out
# with debootstrap and chroot (from the Dockerfile's own package list, user, COPYs and ENV),
# the worker run there as user 10001 (--version, `run` with its HEALTHCHECK and one delivery
# on moto, `process` on a clip), then the manifest of what ran checked against the Dockerfile.
# Root only; CONTAINER_DIR picks the folder (default /var/tmp/media-worker-container).
.PHONY: container-check
container-check: check-swift deps-system deps-python
	bash scripts/container-check.sh

clean:
	rm -rf .build $(VENV) $(LOCALSTACK_VENV) $(LOCALSTACK_VENV).unavailable .venv-uv .venv-uv.log

.PHONY: bench
# Benchmarks against the reference tools in one run: the S3 table (against boto3), the
# media table (against ffmpeg/ffprobe), the shorts table (analysis speed; one short against
# ffmpeg) and the automated ABR table (bytes and VMAF against job.json's fixed ladder).
# BENCH_SIZE_MIB, BENCH_SECONDS, BENCH_S3_GIB, BENCH_SHORTS_SECONDS and BENCH_ABR_SECONDS scale them.
BENCH_SIZE_MIB ?= 1024
BENCH_SECONDS ?= 60
BENCH_S3_GIB ?= 2
BENCH_SHORTS_SECONDS ?= 600
BENCH_ABR_SECONDS ?= 8
bench: deps-system deps-bench deps-localstack check-swift
	swift build -c release
	$(VENV)/bin/python Benchmarks/bench.py --size-mib $(BENCH_SIZE_MIB)
	$(VENV)/bin/python Benchmarks/media_bench.py --seconds $(BENCH_SECONDS) --s3-gib $(BENCH_S3_GIB)
	$(VENV)/bin/python Benchmarks/shorts_bench.py --seconds $(BENCH_SHORTS_SECONDS)
	$(VENV)/bin/python Benchmarks/abr_bench.py --seconds $(BENCH_ABR_SECONDS)

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
