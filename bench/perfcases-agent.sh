#!/usr/bin/env bash
# Perf cases agent benchmarks: sandbox start to the end of a first command and teardown (bubblewrap, prlimit,
# seccomp, a fresh work folder), the session proxy's overhead per request against the same request sent
# directly over loopback (a local HTTP server on 127.0.0.1, one new connection per request each way), and an agent
# session's bisect over 64 commits with a 2-second benchmark, end to end in a real sandbox (about 3 minutes).
# Prints the table for the "Perf cases agent" section of BENCHMARKS.md (also in target/bench/perfcases-agent.md).
#
#   bench/perfcases-agent.sh
#   SANDBOXES=100 REQUESTS=10000 COMMITS=64 BENCH_SECONDS=2 bench/perfcases-agent.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -o -Pbench test -Dtest='PerfcasesAgentBenchmark,AgentBisectBenchmark' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.sandboxes="${SANDBOXES:-40}" -Dbench.requests="${REQUESTS:-3000}" \
  -Dbench.commits="${COMMITS:-64}" -Dbench.seconds="${BENCH_SECONDS:-2}" >/dev/null
echo "machine: $(nproc) cores, $(uname -srm), $(java -version 2>&1 | head -1)"
cat target/bench/perfcases-agent.md
echo
cat target/bench/perfcases-agent-bisect.md
