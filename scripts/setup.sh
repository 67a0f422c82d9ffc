#!/usr/bin/env bash
# Installs what reelrank's build and tests need and is missing: Debian's
# emscripten, Eigen and Catch2 (as root; otherwise prints the command and
# stops), then the npm dev dependencies. Safe to run again: it only acts on
# what is missing. Run by `npm start`, `npm test`, `npm run build`, `npm run bench`.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
command -v emcc >/dev/null 2>&1 || packages+=(emscripten)
[ -f /usr/include/eigen3/Eigen/Core ] || packages+=(libeigen3-dev)
[ -f /usr/include/catch2/catch.hpp ] || packages+=(catch2)
command -v cmake >/dev/null 2>&1 || packages+=(cmake)
command -v g++ >/dev/null 2>&1 || packages+=(g++)
command -v clang++ >/dev/null 2>&1 || packages+=(clang)
command -v clang-format >/dev/null 2>&1 || packages+=(clang-format)
ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 || packages+=(libclang-rt-14-dev)
# numpy for tests/fixtures/sasrec_reference.py, in Debian's own python3 (TOOLCHAIN.md note 14).
/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1 || packages+=(python3-numpy)
if [ "${REELRANK_BROWSER_TESTS:-1}" = 1 ]; then
  command -v chromium >/dev/null 2>&1 || packages+=(chromium)
fi

if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${packages[*]} (Debian packages)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${packages[@]}" >/dev/null
  else
    echo "setup: reelrank needs these Debian packages: ${packages[*]}" >&2
    echo "setup: run this once, then try again:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y ${packages[*]}" >&2
    exit 1
  fi
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund >&2
fi
