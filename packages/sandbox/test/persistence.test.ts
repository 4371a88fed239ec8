import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SEED, STATE_FILE_NAME, buildSandbox } from '../src/index.js';
import { api, start } from './helpers.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-test-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('persistence', () => {
  it('writes the seed on first start and loses nothing across a restart', async () => {
    const dataDir = tempDir();
    const first = await start({ dataDir });
    const file = join(dataDir, STATE_FILE_NAME);
    expect(JSON.parse(readFileSync(file, 'utf8')).accounts).toHaveLength(2);

    const acl = await api(first, 'POST', `/accounts/${SEED.accountId}/secondary_dns/acls`, { name: 'persisted', ip_range: '192.0.2.128/25' });
    const peer = await api(first, 'POST', `/accounts/${SEED.accountId}/secondary_dns/peers`, { name: 'persisted-peer' });
    await api(first, 'PUT', `/accounts/${SEED.accountId}/secondary_dns/peers/${peer.body.result.id}`, { name: 'persisted-peer', ip: '192.0.2.7', port: 53 });
    await api(first, 'POST', `/zones/${SEED.zones.docsExampleCom}/secondary_dns/outgoing/enable`, {});
    await api(first, 'POST', `/zones/${SEED.zones.exampleNet}/secondary_dns/force_axfr`, {});
    await api(first, 'DELETE', `/accounts/${SEED.accountId}/secondary_dns/tsigs/${SEED.tsigs.legacyKey}`);
    const before = first.getState();
    await first.close();

    // Atomic write: the directory holds only the state file, no temporary left behind.
    expect(readdirSync(dataDir)).toEqual([STATE_FILE_NAME]);

    const second = await start({ dataDir });
    expect(second.getState()).toEqual(before);
    expect((await api(second, 'GET', `/accounts/${SEED.accountId}/secondary_dns/acls/${acl.body.result.id}`)).body.result.name).toBe('persisted');
    expect((await api(second, 'GET', `/accounts/${SEED.accountId}/secondary_dns/peers/${peer.body.result.id}`)).body.result).toMatchObject({ ip: '192.0.2.7' });
    expect((await api(second, 'GET', `/zones/${SEED.zones.docsExampleCom}/secondary_dns/outgoing/status`)).body.result).toBe('Enabled');
    expect((await api(second, 'GET', `/zones/${SEED.zones.exampleNet}/secondary_dns/incoming`)).body.result.soa_serial).toBe(2024061203);
    expect((await api(second, 'GET', `/accounts/${SEED.accountId}/secondary_dns/tsigs/${SEED.tsigs.legacyKey}`)).status).toBe(404);
    await second.close();
  });

  it('does not re-seed over existing state, and starts empty with seed: false', async () => {
    const dataDir = tempDir();
    const empty = await buildSandbox({ token: 't', dataDir, seed: false });
    expect(empty.getState().accounts).toEqual([]);
    empty.state.addAccount({ name: 'Only one' });
    await empty.close();
    const again = await buildSandbox({ token: 't', dataDir });
    expect(again.getState().accounts.map((account) => account.name)).toEqual(['Only one']);
    await again.close();
  });

  it('refuses to start over a corrupt state file instead of overwriting it', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, STATE_FILE_NAME), '{ not json');
    await expect(buildSandbox({ token: 't', dataDir })).rejects.toThrow(/not valid JSON/);
    expect(readFileSync(join(dataDir, STATE_FILE_NAME), 'utf8')).toBe('{ not json');
  });

  it('keeps state in memory when no dataDir is given', async () => {
    const sandbox = await buildSandbox({ token: 't' });
    sandbox.state.addAccount({ name: 'ephemeral' });
    await sandbox.close();
    const fresh = await buildSandbox({ token: 't' });
    expect(fresh.getState().accounts.map((account) => account.name)).not.toContain('ephemeral');
    await fresh.close();
  });
});
