#!/usr/bin/env bash
# Crews benchmarks: retrieval quality (accuracy at 1 and 3, hand-off rate on questions the knowledge base cannot
# answer) and search latency over 10,000 passages. Runs inside the test JVM against the embedded PostgreSQL; nothing
# listens beyond 127.0.0.1. Writes the "Crews: retrieval" section of BENCHMARKS.md.
#
#   bench/crews.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q test -Pbench -Dtest=CrewsRetrievalBenchmark -Dsurefire.failIfNoSpecifiedTests=false
