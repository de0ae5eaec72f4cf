#!/usr/bin/env bash
# Crews sentiment benchmark: the local classifier's accuracy on a source it was not trained on (amazon, imdb,
# yelp, each left out in turn), beside the npm packages sentiment (AFINN-165) and vader-sentiment run with Node on
# the same sentences in the same run; calibration; classifications per second. Writes the section
# "Crews: Sentiment" of BENCHMARKS.md. The data and the peers are installed into a cache folder outside the
# repository. No network besides the npm registry; nothing is started that outlives the script.
#
#   bench/crews-sentiment.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=${CHARTER_BENCH_CACHE:-$HOME/.cache/charter-bench}
fixtures=$CACHE/sentiment-5.0.2/package/test/fixtures
if [ ! -f "$fixtures/yelp.json" ]; then
  mkdir -p "$CACHE/sentiment-5.0.2"
  (cd "$CACHE/sentiment-5.0.2" && npm pack --silent sentiment@5.0.2 >/dev/null && tar xzf sentiment-5.0.2.tgz)
fi
peers=$CACHE/sentiment-peers
if [ ! -d "$peers/node_modules/vader-sentiment" ]; then
  mkdir -p "$peers"
  (cd "$peers" && npm install --silent --no-audit --no-fund --no-save --prefix . sentiment@5.0.2 vader-sentiment@1.1.3)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
NODE_PATH=$peers/node_modules node bench/crews/sentiment-peers.js "$fixtures" "$work/peers.json"
CHARTER_SENTIMENT_FIXTURES=$fixtures CHARTER_SENTIMENT_PEERS=$work/peers.json \
  ./mvnw -q test -Pbench -Dtest=CrewsSentimentBenchmark -Dsurefire.failIfNoSpecifiedTests=false
echo "wrote the section Crews: Sentiment of BENCHMARKS.md"
