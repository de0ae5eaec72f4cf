#!/usr/bin/env bash
# Perf cases detection: quality on generated telemetry with a known ground truth (backfilled into a real Prometheus
# with promtool), the cost of a pass, and the live time from a slower version's first scrape to its case.
# Needs the prometheus package (prometheus and promtool). Prints and writes the "Perf cases: detection" section of
# BENCHMARKS.md (also target/bench/perfcases.md).
#
#   bench/perfcases.sh
#   SERVICES=500 SEED=20261203 bench/perfcases.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v promtool >/dev/null || { echo "promtool is missing: apt-get install -y prometheus" >&2; exit 1; }
./mvnw -q -Pbench test -Dtest=PerfcasesDetectionBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.services="${SERVICES:-500}" -Dbench.seed="${SEED:-20261203}" >/dev/null
cat target/bench/perfcases.md
