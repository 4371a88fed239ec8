/**
 * docs/prometheus-alerts.yml, the alerting rules the README offers operators: valid YAML in Prometheus' rule-file
 * shape, and every bff_* metric a rule names is one the server's /metrics exposes (with the serial watch on), so a
 * renamed metric cannot leave a rule matching nothing — the silent failure of an alert.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { appFor, startTestSandbox, type Sandbox, type TestApp } from '../helper.js';

const RULES_FILE = resolve(fileURLToPath(import.meta.url), '../../../../../docs/prometheus-alerts.yml');

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: { severity?: string };
  annotations?: { summary?: string };
}

let sandbox: Sandbox;
let t: TestApp;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  t = await appFor(sandbox, { SERIAL_WATCH_MINUTES: '60' });
});
afterAll(async () => {
  await t?.app.close();
  await sandbox?.close();
});

describe('docs/prometheus-alerts.yml', () => {
  const file = parse(readFileSync(RULES_FILE, 'utf8')) as { groups: { name: string; rules: Rule[] }[] };
  const rules = file.groups.flatMap((group) => group.rules);

  it("is a rule file: groups of named alerts, each with an expression, a severity and a summary", () => {
    expect(file.groups.length).toBeGreaterThan(0);
    expect(rules.length).toBeGreaterThanOrEqual(8);
    for (const rule of rules) {
      expect(rule.alert, JSON.stringify(rule)).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(rule.expr.trim().length, rule.alert).toBeGreaterThan(0);
      expect(['page', 'warning'], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      if (rule.for !== undefined) expect(rule.for, rule.alert).toMatch(/^\d+[smh]$/);
    }
    expect(new Set(rules.map((rule) => rule.alert)).size).toBe(rules.length);
  });

  it('names only metrics that /metrics exposes', async () => {
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    const exposed = new Set([...metrics.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]));
    const named = new Set(rules.flatMap((rule) => [...rule.expr.matchAll(/\bbff_[a-z_]+\b/g)].map((match) => match[0])));
    expect(named.size).toBeGreaterThanOrEqual(9);
    expect([...named].filter((name) => !exposed.has(name))).toEqual([]);
    // Among them, the one to page on when Cloudflare fails (ADR 022).
    expect(named).toContain('bff_upstream_consecutive_failures');
  });
});
