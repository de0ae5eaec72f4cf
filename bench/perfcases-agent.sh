#!/usr/bin/env bash
# Perf cases agent benchmarks: sandbox start to the end of a first command and teardown (bubblewrap, prlimit,
# seccomp, a fresh work folder), and the session proxy's overhead per request against the same request sent
# directly over loopback (a local HTTP server on 127.0.0.1, one new connection per request each way).
# Prints the table for the "Perf cases agent" section of BENCHMARKS.md (also in target/bench/perfcases-agent.md).
#
#   bench/perfcases-agent.sh
#   SANDBOXES=100 REQUESTS=10000 bench/perfcases-agent.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -o -Pbench test -Dtest=PerfcasesAgentBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.sandboxes="${SANDBOXES:-40}" -Dbench.requests="${REQUESTS:-3000}" >/dev/null
echo "machine: $(nproc) cores, $(uname -srm), $(java -version 2>&1 | head -1)"
cat target/bench/perfcases-agent.md
