// Sums the JSON reports of every suite (Vitest, Playwright, checks) into one line: "N passed, N failed".
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
let passed = 0;
let failed = 0;
const rows = [];
const failures = []; // which tests failed, so the end of a long log (all CI keeps) names them
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
    for (const file of report.testResults ?? []) {
      const failed = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
      for (const test of failed) failures.push(`${name}: ${file.name} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
      if (file.status === 'failed' && failed.length === 0) failures.push(`${name}: ${file.name}: ${firstLine(file.message)}`);
    }
    if (report.success === false && report.numFailedTests === 0 && !failures.some((line) => line.startsWith(`${name}:`))) {
      failures.push(`${name}: an error outside any test (an unhandled error or rejection): see "Unhandled" in its output`);
    }
  } else if (report.stats) {
    p = report.stats.expected + (report.stats.flaky ?? 0);
    f = report.stats.unexpected + (report.errors?.length ? 1 : 0);
    const walk = (suite, path) => {
      for (const spec of suite.specs ?? []) {
        for (const test of spec.tests ?? []) {
          if (test.status !== 'unexpected') continue;
          const error = test.results?.at(-1)?.error?.message;
          failures.push(`${name}: ${[...path, spec.title].join(' › ')} (${spec.file}:${spec.line}): ${firstLine(error)}`);
        }
      }
      for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
    };
    for (const suite of report.suites ?? []) walk(suite, []);
    for (const error of report.errors ?? []) failures.push(`${name}: ${firstLine(error.message)}`);
  } else f = 1;
  rows.push(`${name.padEnd(12)} ${String(p).padStart(5)} passed ${String(f).padStart(4)} failed`);
  passed += p;
  failed += f;
}
if (failures.length) console.log(`Failed:\n${failures.map((line) => `  ${line}`).join('\n')}`);
console.log(rows.join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

function firstLine(text) {
  // eslint-disable-next-line no-control-regex
  return String(text ?? '').replace(/\u001b\[[0-9;]*m/g, '').split('\n').find((line) => line.trim()) ?? '';
}
