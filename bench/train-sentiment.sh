#!/usr/bin/env bash
# Rebuilds the local sentiment model (src/main/resources/dev/charter/ai/internal/local/sentiment-model.json)
# from the UCI Sentiment Labelled Sentences that the npm package sentiment@5.0.2 ships under test/fixtures/.
# The package is fetched with `npm pack` into a cache folder outside the repository; the data is never committed.
#
#   bench/train-sentiment.sh
#   CHARTER_BENCH_CACHE=<a folder outside the repository> bench/train-sentiment.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=${CHARTER_BENCH_CACHE:-$HOME/.cache/charter-bench}
fixtures=$CACHE/sentiment-5.0.2/package/test/fixtures
if [ ! -f "$fixtures/yelp.json" ]; then
  mkdir -p "$CACHE/sentiment-5.0.2"
  (cd "$CACHE/sentiment-5.0.2" && npm pack --silent sentiment@5.0.2 >/dev/null && tar xzf sentiment-5.0.2.tgz)
fi
CHARTER_SENTIMENT_FIXTURES=$fixtures ./mvnw -q test -Pbench -Dtest=SentimentModelTrainer -Dsurefire.failIfNoSpecifiedTests=false
echo "wrote src/main/resources/dev/charter/ai/internal/local/sentiment-model.json"
