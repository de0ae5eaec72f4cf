#!/usr/bin/env bash
# Reviews: sync throughput from the providers' fakes (50,000 pull requests, 50,000 Jira issues with changelogs,
# 1,000,000 Slack messages counted), the server's memory and the database size per 100,000 signals, and draft
# latency on the local fallback for a person with about 2,000 signals. Prints and writes the "Reviews" section of
# BENCHMARKS.md (also target/bench/reviews.md).
#
#   bench/reviews.sh
#   PULLS=5000 ISSUES=5000 MESSAGES=100000 bench/reviews.sh    # a quicker, smaller run
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -Pbench test -Dtest=ReviewsBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.pulls="${PULLS:-50000}" -Dbench.issues="${ISSUES:-50000}" -Dbench.messages="${MESSAGES:-1000000}" >/dev/null
cat target/bench/reviews.md
