import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_PASSWORD } from '../constants';

/** Seed ids of the sandbox (packages/sandbox/src/seed.ts), which the test server starts fresh each run. */
export { SEED } from '../../packages/sandbox/src/seed.js';

const screenshotDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');
mkdirSync(screenshotDir, { recursive: true });

/** Saves a full-page screenshot to e2e/screenshots/<name>.png for a reviewer to look at (not committed). */
export async function snap(page: Page, name: string) {
  await page.screenshot({ path: resolve(screenshotDir, `${name}.png`), fullPage: true });
}

/** The landmark rules (moderate in axe): one banner, at the top level, each landmark told apart by its name. */
export const LANDMARK_RULES = ['landmark-no-duplicate-banner', 'landmark-banner-is-top-level', 'landmark-unique'];

/**
 * No serious or critical axe violations on the page as it is now, nor any of `alsoRules` (axe rule ids), whatever
 * their impact.
 */
export async function expectAccessible(page: Page, { alsoRules = [] as readonly string[] } = {}) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical' || alsoRules.includes(v.id));
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`),
  ).toEqual([]);
}

/** Signs `page`'s browser context in (the session cookie is shared by the page and `page.request`). */
export async function signIn(page: Page, username = 'admin', password = ADMIN_PASSWORD) {
  const response = await page.request.post('/auth/login', { data: { username, password } });
  expect(response.status(), `sign in as ${username}`).toBe(200);
}

/** The CSRF header an unsafe API call from `page`'s signed-in context needs (its session's token, from /auth/me). */
export async function csrfHeaders(page: Page): Promise<{ 'x-csrf-token': string }> {
  const me = (await (await page.request.get('/auth/me')).json()) as { result: { csrfToken: string } };
  return { 'x-csrf-token': me.result.csrfToken };
}

/**
 * Creates a user through the API as `page`'s signed-in admin, able to use the dashboard at once (not to choose a
 * password first: must-change-password.spec.ts does that). Usernames should be unique per run: the test server's
 * state is shared by the specs and kept across a retry.
 */
export async function createUser(page: Page, username: string, password: string, role: 'viewer' | 'operator' | 'admin') {
  const response = await page.request.post('/api/users', {
    data: { username, password, role, must_change_password: false },
    headers: await csrfHeaders(page),
  });
  expect(response.status(), `create ${username}`).toBe(200);
}

/** Every test starts signed in as the first admin unless it signs in as someone else. */
export const test = base.extend({
  page: async ({ page }, use) => {
    await signIn(page);
    await use(page);
  },
});
export { expect };
