/**
 * The zone page's BIND 9 excerpts, checked by BIND's own `named-checkconf` (Debian's bind9-utils; `npm test`
 * installs it when it runs as root). Without it these tests are skipped, and say so.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Peer, Tsig } from '@secdns/api-types';
import { TSIG_ALGORITHMS } from '@secdns/api-types';
import { bindSnippet, type SetupInput } from './setup-check';

const available = spawnSync('named-checkconf', ['-v'], { encoding: 'utf8' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'bind-excerpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs named-checkconf on the excerpt with a real (base64) secret where the placeholder is; returns its complaint. */
function check(text: string): string {
  const file = join(dir, `named-${Math.random().toString(36).slice(2)}.conf`);
  writeFileSync(file, text.replace('PASTE-THE-SECRET', Buffer.from('a shared secret for the test').toString('base64')));
  try {
    execFileSync('named-checkconf', [file], { encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return `${stdout ?? ''}${stderr ?? ''}`.trim() || String(error);
  }
}

const peers: Peer[] = [
  { id: 'signed', name: 'ns1', ip: '192.0.2.10', port: 53 },
  { id: 'plain', name: 'plain', ip: '2001:db8::53', port: 53 },
];

function input(side: SetupInput['side'], algo: string | null, zoneName = 'cdn.example.net.') {
  const tsigs: Tsig[] = algo ? [{ id: 't', name: 'transfer-key.example.', algo, secret: '********' }] : [];
  return {
    side,
    zoneName,
    peerIds: [algo ? 'signed' : 'plain'],
    peers: peers.map((peer) => (peer.id === 'signed' && algo ? { ...peer, tsig_id: 't' } : peer)),
    tsigs,
  };
}

describe.skipIf(!available)('BIND excerpts pass named-checkconf', () => {
  for (const side of ['secondary', 'primary'] as const) {
    it(`${side} zone, unsigned`, () => {
      expect(check(bindSnippet(input(side, null)))).toBe('');
    });
    for (const algo of TSIG_ALGORITHMS) {
      it(`${side} zone, TSIG ${algo}`, () => {
        expect(check(bindSnippet(input(side, algo)))).toBe('');
      });
    }
  }

  it('with the comments for mixed keys and a port other than 53', () => {
    const mixed = {
      ...input('primary', 'hmac-sha256.'),
      peerIds: ['signed', 'plain'],
      peers: [
        { id: 'signed', name: 'ns1', ip: '192.0.2.10', port: 5300, tsig_id: 't' },
        { id: 'plain', name: 'plain', ip: '2001:db8::53', port: 53 },
      ],
    };
    const text = bindSnippet(mixed);
    expect(text).toContain('No key below');
    expect(text).toContain('listen-on port');
    expect(check(text)).toBe('');
  });

  it('a zone name without the trailing dot', () => {
    expect(check(bindSnippet(input('secondary', 'hmac-sha256.', 'example.org')))).toBe('');
  });

  it('and the checker does refuse a broken excerpt (so a pass means something)', () => {
    expect(check(bindSnippet(input('secondary', 'hmac-sha256.')).replace('allow-transfer {', 'allow-transfer '))).not.toBe('');
  });
});

describe.skipIf(available)('BIND excerpts (named-checkconf not installed)', () => {
  it.skip('skipped: install bind9-utils (Debian) to check the BIND excerpts with named-checkconf', () => {});
});
