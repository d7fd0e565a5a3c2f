# xmpplab — the two commands a user needs are `make run` and `make test`.
# Both install missing system packages first (scripts/ensure-system-packages.sh).

SWIFT ?= swift
export PATH := $(PATH):/opt/swift/usr/bin

.PHONY: all deps build run test bench clean

all: build

deps:
	@scripts/ensure-system-packages.sh

build: deps
	$(SWIFT) build

# Runs the default topology's scenario and prints its summary (exit 1 if an
# expectation fails). TOPOLOGY=Topologies/other.yaml runs another one.
TOPOLOGY ?= Topologies/default.yaml
run: deps
	$(SWIFT) build --product xmpplab
	$$($(SWIFT) build --show-bin-path)/xmpplab run $(TOPOLOGY)

# Tests also need the interop peers (slixmpp in .build-peers/venv). They run
# one at a time: the lab's runs measure time on real sockets, and on a
# 2-core machine tests running side by side make each other late.
test: deps
	@scripts/ensure-test-peers.sh
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --no-parallel

# Benchmarks always run a release build.
bench: deps
	$(SWIFT) build -c release --product xmpplab-bench
	$$($(SWIFT) build -c release --show-bin-path)/xmpplab-bench

clean:
	rm -rf .build
