#!/usr/bin/env bash
# Runs every test: native Catch2 (plain, then ASan+UBSan), the same Catch2
# suite compiled to wasm under node (ctest), node:test over the built package,
# and the TypeScript type tests. Usage: npm test (which runs setup first).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs   # TOOLCHAIN.md pitfall 1
jobs=2

# Each step says how long the run has taken so far, so a slow CI run shows where.
step() { printf '\n== [%dm%02ds] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*" >&2; }

step "C++ style: clang-format --dry-run --Werror (.clang-format)"
git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' | xargs clang-format --dry-run --Werror

step "native build and Catch2 tests"
cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/native -j"$jobs"
ctest --test-dir build/native --output-on-failure -j"$jobs"

step "native Catch2 tests under AddressSanitizer + UndefinedBehaviorSanitizer, then the fuzz smoke (one clang build)"
# One sanitised core for both: the Catch2 suite runs in the libFuzzer build
# (scripts/fuzz.mjs --catch2), then each libFuzzer target runs for 10 s from
# the committed seed corpus. Two sanitised builds of the core (g++ for the
# tests, clang for fuzzing) were the largest part of CI's 24 minutes
# (2026-12-01); this one, at -O1 -g1, builds the core once for both.
node scripts/fuzz.mjs --seconds 10 --catch2

step "wasm build (module and Catch2 tests) and ctest under node"
if [ ! -f build/wasm/CMakeCache.txt ]; then
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build build/wasm -j"$jobs" --target reelrank_wasm reelrank_tests
ctest --test-dir build/wasm --output-on-failure

step "package build and node:test suites"
node scripts/build.mjs
node --test tests/js/

step "endurance (reduced; the full run is node scripts/endurance.mjs)"
node scripts/endurance.mjs --recommends 50000 --cycles 10000 --events 1000000

step "the packed tarball installed into empty folders: Node ESM/CJS, browser, Vite, esbuild, worker, Chrome extension"
node --test tests/package/

step "the demo in headless Chromium"
node --test tests/browser/

step "TypeScript type tests"
npx tsc -p tests/types/tsconfig.json
step "done"
