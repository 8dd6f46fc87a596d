// The peer of bench/cvss_bench.cc and tests/cvss_peer_test.cc: metaeffekt's ae-cvss-calculator,
// a JavaScript implementation of every CVSS version.
//   node cvss_peer.js time FILE    parse and score each line; prints "<vectors> <seconds>"
//   node cvss_peer.js scores FILE  prints one JSON line of scores per input line
const fs = require("fs");
const path = require("path");
const ae = require(path.join(__dirname, "node_modules", "ae-cvss-calculator"));

function make(vector) {
  if (vector.startsWith("CVSS:4.0/")) return new ae.Cvss4P0(vector);
  if (vector.startsWith("CVSS:3.1/")) return new ae.Cvss3P1(vector);
  if (vector.startsWith("CVSS:3.0/")) return new ae.Cvss3P0(vector);
  return new ae.Cvss2(vector);
}

const [mode, file] = process.argv.slice(2);
const lines = fs.readFileSync(file, "utf8").split("\n").filter((l) => l.length > 0);
if (mode === "time") {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (const line of lines) sink += make(line).calculateScores().overall;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${lines.length} ${seconds} ${sink}`);
} else {
  const out = [];
  for (const line of lines) {
    const s = make(line).calculateScores();
    out.push(JSON.stringify({base: s.base, temporal: s.temporal, environmental: s.environmental,
                             overall: s.overall, base_only: s.baseMetricsOnly}));
  }
  process.stdout.write(out.join("\n") + "\n");
}
