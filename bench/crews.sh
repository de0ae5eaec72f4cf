#!/usr/bin/env bash
# Crews benchmarks: retrieval quality (accuracy at 1 and 3, hand-off rate on questions the knowledge base cannot
# answer) and search latency over 10,000 passages; then widget message to crew answer latency with the local
# fallback at 50 and 200 visitors and at 50 and 200 messages a second; the same with the organization's own model
# answering after 300 ms, and the server's memory with 10,000 passages and 100,000 messages. Runs inside the test
# JVM against the embedded PostgreSQL; nothing listens beyond 127.0.0.1 (the visitors come from other loopback
# addresses). Writes the "Crews: retrieval", "Crews: widget latency" and "Crews: with a model, and memory"
# sections of BENCHMARKS.md.
#
#   bench/crews.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q test -Pbench -Dtest=CrewsRetrievalBenchmark -Dsurefire.failIfNoSpecifiedTests=false
./mvnw -q test -Pbench -Dtest=CrewsWidgetLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false
./mvnw -q test -Pbench -Dtest=CrewsModelAndMemoryBenchmark -Dsurefire.failIfNoSpecifiedTests=false
