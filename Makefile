# Wiredesk — see README.md. `make run` and `make test` work on a fresh Debian 12 machine (they install what they need).
SHELL := /bin/bash
SWIFT ?= swift
DEB_PACKAGES := libsystemd-dev libicu-dev libuchardet-dev libgumbo-dev libcld2-dev libstemmer-dev pkg-config \
	debootstrap systemd-container python3 jq openjdk-17-jre-headless prometheus-node-exporter
RUN_DIR ?= /tmp/wiredesk-demo

.PHONY: deps build release run test format lint clean install bench

deps: ## install the Debian packages Wiredesk builds against
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing: $$missing"; \
		SUDO=$$( [ $$(id -u) -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: release ## start the daemon on a fresh copy of inbox-example/ (Ctrl-C stops it)
	rm -rf $(RUN_DIR) && mkdir -p $(RUN_DIR)/inbox $(RUN_DIR)/outbox $(RUN_DIR)/state
	cp -a inbox-example/. $(RUN_DIR)/inbox/ && rm -f $(RUN_DIR)/inbox/README.md
	@echo "inbox: $(RUN_DIR)/inbox   outbox: $(RUN_DIR)/outbox   (drop more files into the inbox; Ctrl-C stops)"
	.build/release/wiredesk run --inbox $(RUN_DIR)/inbox --outbox $(RUN_DIR)/outbox --state-dir $(RUN_DIR)/state

test: deps ## unit, integration, crash and system tests
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	Tests/system/run-all.sh

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

install: deps
	deploy/install.sh

clean:
	rm -rf .build

bench: release ## micro, end-to-end and spaCy benchmarks → Benchmarks/RESULTS.md (see docs/benchmarks.md; ~15 min)
	scripts/bench-all.sh
