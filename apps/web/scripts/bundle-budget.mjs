#!/usr/bin/env node
/**
 * The SPA's initial bundle: the JS and CSS files apps/web/dist/index.html loads, gzip -9. `npm test` runs this after
 * the build and fails above the budget (initial JS ≤ 200 KB, the goal `pnpm bench` reports), so a change that pulls
 * a lazy dependency into the first load is caught when it is made, not at the next benchmark run.
 * Also imported by the bench (apps/bff/bench/run.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const INITIAL_JS_BUDGET = 200 * 1024;

/** A built file's gzip -9 size in bytes (`file` relative to `distDir`). */
export function gzipSize(distDir, file) {
  return gzipSync(readFileSync(join(distDir, file)), { level: 9 }).length;
}

/** Files index.html references, with their gzip -9 sizes. */
export function initialBundle(distDir) {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const referenced = new Set();
  for (const match of html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)) referenced.add(match[1]);
  const gz = (file) => gzipSize(distDir, file);
  const js = [...referenced].filter((f) => f.endsWith('.js')).map((file) => ({ file, size: gz(file) }));
  const css = [...referenced].filter((f) => f.endsWith('.css')).map((file) => ({ file, size: gz(file) }));
  const sum = (files) => files.reduce((total, f) => total + f.size, 0);
  return { referenced, js, css, jsSize: sum(js), cssSize: sum(css) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
  const { js, jsSize, cssSize } = initialBundle(dist);
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  const ok = jsSize <= INITIAL_JS_BUDGET;
  console.log(`Initial JS (gzip -9): ${kb(jsSize)} in ${js.length} files (budget ${kb(INITIAL_JS_BUDGET)}): ${ok ? 'within' : 'OVER'}; CSS ${kb(cssSize)}`);
  if (!ok) {
    for (const { file, size } of [...js].sort((a, b) => b.size - a.size).slice(0, 8)) console.log(`  ${kb(size).padStart(9)}  ${file}`);
    process.exit(1);
  }
}
