// Times fhirpath.js 5.2.0 on the expressions of crates/onramp-fhir/benches/fhirpath.rs, over the
// Synthea bundles in ../shared/fhir/corpus/synthea-bundles. JSON parsing and compilation happen
// before timing; each measurement evaluates the expression once on every bundle.
// Usage: node run.js [BUNDLE_DIR]   (prints one line per expression: mean and median per pass)
"use strict";
const fs = require("fs");
const path = require("path");
const fhirpath = require("fhirpath");
const r4Model = require("fhirpath/fhir-context/r4");

const EXPRESSIONS = [
  "Bundle.entry.resource.ofType(Patient).name.given",
  "Bundle.entry.resource.ofType(Observation).where(code.coding.system='http://loinc.org').value.ofType(Quantity).count()",
  "Bundle.entry.all(fullUrl.exists() and resource.exists())",
  "Bundle.entry.resource.ofType(Encounter).where(period.start > @2015-01-01).count()",
  "Bundle.descendants().count()",
];

const dir = process.argv[2] || path.join(__dirname, "../../../shared/fhir/corpus/synthea-bundles");
const bundles = fs
  .readdirSync(dir)
  .filter((name) => name.endsWith(".json"))
  .sort()
  .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")));
const TARGET_SECONDS = Number(process.env.SECONDS_PER_EXPRESSION || 5);

function onePass(compiled) {
  let results = 0;
  for (const bundle of bundles) {
    results += compiled(bundle).length;
  }
  return results;
}

console.log(`fhirpath.js ${require("fhirpath/package.json").version}, node ${process.version}, ${bundles.length} bundles`);
for (const expression of EXPRESSIONS) {
  const compiled = fhirpath.compile(expression, r4Model);
  onePass(compiled); // warm-up
  const times = [];
  const start = process.hrtime.bigint();
  while (Number(process.hrtime.bigint() - start) / 1e9 < TARGET_SECONDS || times.length < 5) {
    const before = process.hrtime.bigint();
    onePass(compiled);
    times.push(Number(process.hrtime.bigint() - before) / 1e6);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((sum, time) => sum + time, 0) / times.length;
  const median = times[Math.floor(times.length / 2)];
  console.log(`${mean.toFixed(3)} ms mean, ${median.toFixed(3)} ms median, ${times.length} passes: ${expression}`);
}
