# The two commands that do everything on a fresh Debian 12 machine:
#   make demo   — install dependencies if missing, build (Release), run the demo job, print the report path
#   make test   — install dependencies if missing, build, run the whole suite with ctest
# Other targets: build, test-slow (network-heavy and long tests), asan, fuzz, bench, format, clean.

JOBS    ?= $(shell nproc)
PRESET  ?= $(if $(CI),ci,dev)
PANTAU_DEMO_OUT ?= pantau-out/demo

.PHONY: demo test build test-slow test-browser asan fuzz bench format clean deps

deps:
	@scripts/install-deps

demo: deps
	@cmake --preset release >/dev/null
	@cmake --build build/release -j $(JOBS)
	@build/release/cli/pantau demo --out $(PANTAU_DEMO_OUT)

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build build/$(PRESET) -j $(JOBS)

test: build
	@cd build/$(PRESET) && ctest --output-on-failure -j $(JOBS) --timeout 300 -LE slow

test-slow: build
	@cd build/$(PRESET) && ctest --output-on-failure -j $(JOBS) -L slow

asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build build/asan -j $(JOBS)
	@cd build/asan && ctest --output-on-failure -j $(JOBS) --timeout 600 -LE slow

fuzz: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build build/fuzz -j $(JOBS)

bench: deps
	@cmake --preset release -DPANTAU_BUILD_BENCH=ON >/dev/null
	@cmake --build build/release -j $(JOBS)

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	@rm -rf build
