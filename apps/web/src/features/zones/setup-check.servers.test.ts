/**
 * The zone page's excerpts for the other nameserver, checked by each server's own checker: BIND's `named-checkconf`
 * (Debian's bind9-utils), Knot's `knotc conf-check` (knot) and `nsd-checkconf` (nsd); `npm test` installs them when
 * it runs as root. Without a checker its tests are skipped, and say so.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Peer, Tsig } from '@secdns/api-types';
import { TSIG_ALGORITHMS } from '@secdns/api-types';
import { bindSnippet, knotSnippet, nsdSnippet, type ExcerptInput, type SetupInput } from './setup-check';

const dir = mkdtempSync(join(tmpdir(), 'server-excerpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Server {
  name: string;
  checker: string;
  /** Debian's package with the checker. */
  debian: string;
  snippet: (input: ExcerptInput) => string;
  /** The checker's command line for a configuration file. */
  args: (file: string) => string[];
  /** Anything the excerpt needs around it to be a whole configuration file. */
  wrap?: (text: string) => string;
  /** The excerpt with a mistake the checker must refuse. */
  break: (text: string) => string;
}

const SERVERS: Server[] = [
  {
    name: 'BIND',
    checker: 'named-checkconf',
    debian: 'bind9-utils',
    snippet: bindSnippet,
    args: (file) => [file],
    break: (text) => text.replace('allow-transfer {', 'allow-transfer '),
  },
  {
    name: 'Knot DNS',
    checker: 'knotc',
    debian: 'knot',
    snippet: knotSnippet,
    args: (file) => ['-c', file, 'conf-check'],
    // Zone files relative to a storage directory that exists (the excerpt leaves storage to the server's default).
    wrap: (text) => `template:\n  - id: default\n    storage: ${dir}\n\n${text}`,
    break: (text) => text.replace('acl: cloudflare-transfer', 'acl: cloudflare-transfers'),
  },
  {
    name: 'NSD',
    checker: 'nsd-checkconf',
    debian: 'nsd',
    snippet: nsdSnippet,
    args: (file) => [file],
    break: (text) => text.replace(/^ {4}provide-xfr: (\S+) .*$/m, '    provide-xfr: $1 no-such-key.'),
  },
];

/** Runs the checker on the excerpt with a real (base64) secret where the placeholder is; returns its complaint. */
function check(server: Server, text: string): string {
  const file = join(dir, `${server.checker}-${Math.random().toString(36).slice(2)}.conf`);
  const secret = Buffer.from('a shared secret for the test').toString('base64');
  writeFileSync(file, (server.wrap ?? ((whole: string) => whole))(text.replace('PASTE-THE-SECRET', secret)));
  try {
    execFileSync(server.checker, server.args(file), { encoding: 'utf8', stdio: 'pipe' });
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

function input(side: SetupInput['side'], algo: string | null, zoneName = 'cdn.example.net.'): ExcerptInput {
  const tsigs: Tsig[] = algo ? [{ id: 't', name: 'transfer-key.example.', algo, secret: '********' }] : [];
  return {
    side,
    zoneName,
    peerIds: [algo ? 'signed' : 'plain'],
    peers: peers.map((peer) => (peer.id === 'signed' && algo ? { ...peer, tsig_id: 't' } : peer)),
    tsigs,
  };
}

for (const server of SERVERS) {
  const available = spawnSync(server.checker, ['-h'], { stdio: 'ignore' }).error === undefined;

  describe.skipIf(!available)(`${server.name} excerpts pass ${server.checker}`, () => {
    for (const side of ['secondary', 'primary'] as const) {
      it(`${side} zone, unsigned`, () => {
        expect(check(server, server.snippet(input(side, null)))).toBe('');
      });
      for (const algo of TSIG_ALGORITHMS) {
        it(`${side} zone, TSIG ${algo}`, () => {
          expect(check(server, server.snippet(input(side, algo)))).toBe('');
        });
      }
    }

    it('with the comments for mixed keys, an unknown key and a port other than 53', () => {
      const mixed: ExcerptInput = {
        ...input('primary', 'hmac-sha256.'),
        peerIds: ['signed', 'plain'],
        peers: [
          { id: 'signed', name: 'ns1', ip: '192.0.2.10', port: 5300, tsig_id: 't' },
          { id: 'plain', name: 'plain', ip: '2001:db8::53', port: 53 },
        ],
      };
      const text = server.snippet(mixed);
      expect(text).toContain('No key below');
      expect(text).toContain('ns1 port 5300');
      expect(check(server, text)).toBe('');
      const unknown = server.snippet({ ...input('secondary', 'hmac-sha256.'), tsigs: [] });
      expect(unknown).toContain("is not among the account's keys");
      expect(check(server, unknown)).toBe('');
    });

    it('a zone name without the trailing dot', () => {
      expect(check(server, server.snippet(input('secondary', 'hmac-sha256.', 'example.org')))).toBe('');
    });

    it('and the checker does refuse a broken excerpt (so a pass means something)', () => {
      const text = server.snippet(input('secondary', 'hmac-sha256.'));
      expect(server.break(text)).not.toBe(text);
      expect(check(server, server.break(text))).not.toBe('');
    });
  });

  describe.skipIf(available)(`${server.name} excerpts (${server.checker} not installed)`, () => {
    it.skip(`skipped: install ${server.debian} (Debian) to check the ${server.name} excerpts with ${server.checker}`, () => {});
  });
}
