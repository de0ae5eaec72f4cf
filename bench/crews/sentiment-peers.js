// Scores the Sentiment Labelled Sentences with the npm packages `sentiment` (AFINN-165) and `vader-sentiment`,
// for CrewsSentimentBenchmark. Usage: node sentiment-peers.js <fixtures folder> <output.json>
// Run with NODE_PATH pointing at the folder the two packages are installed in (bench/crews-sentiment.sh does).
'use strict';
const fs = require('fs');
const path = require('path');
const Sentiment = require('sentiment');
const vader = require('vader-sentiment');

const [fixtures, output] = process.argv.slice(2);
const afinn = new Sentiment();
const out = {};
for (const source of ['amazon', 'imdb', 'yelp']) {
  const records = JSON.parse(fs.readFileSync(path.join(fixtures, source + '.json'), 'utf8'));
  out[source] = records
    .filter((r) => r.class !== null && r.class !== undefined && typeof r.text === 'string' && r.text.trim() !== '')
    .map((r) => ({
      text: r.text,
      afinn: afinn.analyze(r.text).score,
      vader: vader.SentimentIntensityAnalyzer.polarity_scores(r.text).compound,
    }));
}
const texts = [];
for (const s of Object.keys(out)) for (const r of out[s]) texts.push(r.text);
const rounds = 3;
const start = process.hrtime.bigint();
for (let i = 0; i < rounds; i++) for (const t of texts) afinn.analyze(t);
const afinnNs = Number(process.hrtime.bigint() - start);
const start2 = process.hrtime.bigint();
for (let i = 0; i < rounds; i++) for (const t of texts) vader.SentimentIntensityAnalyzer.polarity_scores(t);
const vaderNs = Number(process.hrtime.bigint() - start2);
out.perSecond = {
  afinn: (rounds * texts.length) / (afinnNs / 1e9),
  vader: (rounds * texts.length) / (vaderNs / 1e9),
};
out.node = process.version;
fs.writeFileSync(output, JSON.stringify(out));
