#!/bin/sh
# CI's clang pass (tests/CMakeLists.txt runs it in every `make test`):
#  1. every source file of src/ checked by clang with -Wthread-safety -Werror (-fsyntax-only:
#     the analysis needs no code generation), so the GUARDED_BY / REQUIRES annotations
#     (common/thread_annotations.h) are checked, not comments;
#  2. every libFuzzer target (fuzz/CMakeLists.txt) built with ASan and UBSan and run for
#     SECONDS each, seeded with fuzz/corpus/<name> where there is one. Any crash, sanitizer
#     report or timeout fails the test.
# Usage: run_clang_checks.sh SOURCE_DIR WORK_DIR [SECONDS]
set -eu
src=$1
work=$2
seconds=${3:-20}
if ! command -v clang++ >/dev/null 2>&1; then
  echo "SKIP: clang++ is not installed (make deps installs it)"
  exit 77
fi
mkdir -p "$work"
echo "== thread-safety analysis"
find "$src/src" -name '*.cc' ! -name '*_test.cc' | sort |
  xargs -P "$(nproc)" -n 4 clang++ -fsyntax-only -std=c++20 -Wall -Wextra -Wno-unused-parameter \
    -Wthread-safety -Wthread-safety-beta -Werror -I"$src/src" -I"$src" \
    $(pkg-config --cflags libpq libxml-2.0) -DCONCORD_VERSION='"check"'
echo "thread-safety analysis: clean"

launcher=$(command -v ccache || true)
cmake -S "$src" -B "$work" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ ${launcher:+-DCMAKE_CXX_COMPILER_LAUNCHER=$launcher} \
  -DCONCORD_FUZZ=ON -DCONCORD_BUILD_TESTS=OFF -DCONCORD_BUILD_BENCH=OFF >/dev/null
targets=$(sed -n 's/.*add_executable(\(fuzz_[a-z]*\).*/\1/p; s/.*foreach(target \(.*\))/\1/p' \
  "$src/fuzz/CMakeLists.txt" | tr ' ' '\n' | grep '^fuzz_' | sort -u)
cmake --build "$work" -j "$(nproc)" --target $targets
status=0
for name in $targets; do
  fuzzer="$work/fuzz/$name"
  corpus="$work/corpus/$name"
  mkdir -p "$corpus"
  seeds="$src/fuzz/corpus/${name#fuzz_}"
  if [ -d "$seeds" ]; then cp "$seeds"/* "$corpus/"; fi
  echo "== $name: ${seconds}s"
  # A fixed seed: a CI run is repeatable (a finding reproduces with the same command).
  # Artifacts go to the build folder, never into the checkout.
  if ! "$fuzzer" -seed=1 -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
      -artifact_prefix="$work/$name-" \
      -print_final_stats=1 "$corpus" >"$work/$name.log" 2>&1; then
    tail -n 60 "$work/$name.log"
    echo "FAILED: $name (log: $work/$name.log)"
    status=1
  else
    grep -E "stat::number_of_executed_units" "$work/$name.log" || true
  fi
done
exit $status
