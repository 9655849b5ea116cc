# Flume charms: every target works on a fresh clone that has only Node 20 and npm.
PNPM_VERSION := 10.34.8
# Deferred (=) so that a pnpm installed by `setup` is found by the targets after it.
PNPM = $(shell command -v pnpm 2>/dev/null || echo $(CURDIR)/.tools/node_modules/.bin/pnpm)
TSX = $(PNPM) exec tsx
CHARMS := charms/flume-hdfs charms/flume-syslog

.PHONY: setup build charms test lint demo sim bench integration clean readme

setup:
	@command -v pnpm >/dev/null 2>&1 || [ -x .tools/node_modules/.bin/pnpm ] || \
	  npm install --no-audit --no-fund --prefix .tools pnpm@$(PNPM_VERSION)
	$(PNPM) install --frozen-lockfile

# Bundles each charm and lays out its unpacked charm tree in charms/NAME/build/charm.
build: setup
	$(TSX) packages/charm-build/src/cli.ts build $(CHARMS)

# Packs ./flume-hdfs.charm and ./flume-syslog.charm.
charms: setup
	$(TSX) packages/charm-build/src/cli.ts pack $(CHARMS)

# JEST_FLAGS: extra jest arguments (.ci/run adds --json --outputFile to check that tests/flume-real ran).
# Two workers even on 2 cores (jest's default there is one): the real-Flume suites mostly wait on JVMs and
# polling, so they overlap well with the CPU-bound ones (8 min instead of about 15 on our 2-core machines).
test: build
	$(PNPM) exec jest --maxWorkers=2 $(JEST_FLAGS)

lint: setup
	$(PNPM) exec tsc -p tsconfig.json --noEmit

demo: charms
	$(TSX) tests/demo/demo.ts

# The Flume scenario (tests/demo/flume.yaml) through the juju-sim CLI; SIM_ARGS=--keep keeps the model's files.
sim: charms
	@dir=$$(mktemp -d) && trap 'rm -rf "$$dir"' EXIT && \
	  FLUME_RESOURCE=$$($(TSX) tests/demo/standin-tarball.ts "$$dir") && export FLUME_RESOURCE && \
	  $(TSX) packages/juju-sim/src/cli.ts tests/demo/flume.yaml $(SIM_ARGS)

bench: charms
	$(TSX) tests/bench/bench.ts

# Real-Juju tests (never part of `make test`): skipped with a message when `juju` >= 3.4 or FLUME_TARBALL is missing.
integration: charms
	$(PNPM) exec jest --config jest.integration.config.js

clean:
	rm -rf charms/*/build packages/*/dist *.charm bench/*.json .jest-cache

# Regenerates the config-option tables in README.md from the charms' charmcraft.yaml.
readme: setup
	$(TSX) packages/charm-build/src/cli.ts readme $(CHARMS)
