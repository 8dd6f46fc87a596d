#!/bin/sh
# CI's bounded fuzzing of the DNS packet parser and answering code (fuzz/fuzz_dns.cc): builds
# the libFuzzer target with clang (the main build may use g++) and runs it for SECONDS, seeded
# with fuzz/corpus/dns. Fails on any crash, sanitizer report, or timeout.
# Usage: run_dns_fuzz.sh SOURCE_DIR WORK_DIR [SECONDS]
set -eu
src=$1
work=$2
seconds=${3:-30}
if ! command -v clang++ >/dev/null 2>&1; then
  echo "SKIP: clang++ is not installed (make deps installs it)"
  exit 77
fi
mkdir -p "$work/corpus"
cp "$src"/fuzz/corpus/dns/* "$work/corpus/"
launcher=$(command -v ccache || true)
$launcher clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -I"$src/src" \
  "$src/fuzz/fuzz_dns.cc" "$src/src/dns/packet.cc" "$src/src/dns/zone.cc" \
  "$src/src/common/net.cc" -lidn2 -o "$work/fuzz_dns"
"$work/fuzz_dns" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 "$work/corpus"
