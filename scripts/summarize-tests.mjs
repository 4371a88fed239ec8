// Sums the JSON reports of every suite (Vitest, Playwright, checks) into one line: "N passed, N failed".
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
let passed = 0;
let failed = 0;
const rows = [];
for (const file of readdirSync(dir).sort()) {
  const name = file.replace(/\.json$/, '');
  let report;
  try {
    report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  } catch {
    report = { crashed: name };
  }
  let p = 0;
  let f = 0;
  if (report.crashed) f = 1; // the suite died before reporting
  else if (report.checks) ({ passed: p, failed: f } = report.checks);
  else if (typeof report.numPassedTests === 'number') {
    p = report.numPassedTests;
    f = report.numFailedTests + (report.success === false && report.numFailedTests === 0 ? 1 : 0);
  } else if (report.stats) {
    p = report.stats.expected + (report.stats.flaky ?? 0);
    f = report.stats.unexpected + (report.errors?.length ? 1 : 0);
  } else f = 1;
  rows.push(`${name.padEnd(12)} ${String(p).padStart(5)} passed ${String(f).padStart(4)} failed`);
  passed += p;
  failed += f;
}
console.log(rows.join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
