/**
 * "API tokens" from the user menu: the list (role, expiry, last use; never the token), a new token whose role can be
 * at most the user's own (a refusal keeps what was typed), shown once with how a script uses it until the user says
 * they copied it, and Revoke after a confirmation. Admins may list everyone's.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiToken } from '@secdns/api-types';
import { envelopeResponse, renderWithProviders, signedInAs } from '../../test/render';
import { ApiTokensModal } from './api-tokens-modal';

const TOKEN = `sdt_0123456789ab_${'A'.repeat(43)}`;
const DEPLOY: ApiToken = {
  id: '0123456789ab',
  username: 'someone',
  name: 'deploy pipeline',
  role: 'operator',
  created_at: '2030-01-01T00:00:00.000Z',
  expires_at: '2099-04-01T00:00:00.000Z',
  last_used_at: null,
  last_used_ip: null,
  zones: null,
  created_by: 'someone',
};
const MONITOR: ApiToken = {
  ...DEPLOY,
  id: 'ba9876543210',
  name: 'monitoring',
  role: 'viewer',
  last_used_at: '2030-01-02T00:00:00.000Z',
  last_used_ip: '192.0.2.7',
};

const ZONES = [
  { id: 'e'.repeat(32), name: 'eu.example.com' },
  { id: 'd'.repeat(32), name: 'docs.example.com' },
  { id: 'f'.repeat(32), name: 'example.net' },
].map((zone) => ({ ...zone, status: 'active', type: 'secondary', account: { id: 'a'.repeat(32), name: 'Example' } }));
const USERS = [
  { username: 'admin', role: 'admin', disabled: false },
  { username: 'ci-bot', role: 'operator', disabled: false },
  { username: 'gone', role: 'admin', disabled: true },
];

let tokens: ApiToken[];
let fetchMock: ReturnType<typeof vi.fn>;
let createAnswers: Array<() => Response>;

beforeEach(() => {
  tokens = [MONITOR];
  createAnswers = [];
  fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    const method = init.method ?? 'GET';
    if (url.startsWith('/auth/tokens') && method === 'GET') {
      const everyone = url.endsWith('?all=true');
      return envelopeResponse({ result: everyone ? [...tokens, { ...DEPLOY, id: 'cccccccccccc', username: 'olivia', name: 'olivia’s job' }] : tokens });
    }
    if (url === '/auth/tokens' && method === 'POST') return createAnswers.shift()!();
    if (url.startsWith('/api/zones?') && method === 'GET') {
      const name = new URL(url, 'http://x').searchParams.get('name')?.replace('contains:', '') ?? '';
      return envelopeResponse({ result: ZONES.filter((zone) => zone.name.includes(name)) });
    }
    if (url === '/api/users' && method === 'GET') return envelopeResponse({ result: USERS });
    const revoked = /^\/auth\/tokens\/([0-9a-f]{12})$/.exec(url);
    if (revoked && method === 'DELETE') {
      tokens = tokens.filter((token) => token.id !== revoked[1]);
      return envelopeResponse({ result: { id: revoked[1] } });
    }
    return envelopeResponse({ success: false, errors: [{ code: 1003, message: `unexpected ${method} ${url}` }] }, { status: 404 });
  });
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

function renderModal(role: 'viewer' | 'operator' | 'admin' = 'operator') {
  renderWithProviders(<ApiTokensModal opened onClose={() => undefined} />, { queryClient: signedInAs(role) });
  return () => screen.getByRole('dialog', { name: 'API tokens' });
}

const posted = () =>
  fetchMock.mock.calls
    .filter(([input, init]) => String(input) === '/auth/tokens' && (init as RequestInit).method === 'POST')
    .map(([, init]) => JSON.parse(String((init as RequestInit).body)) as Record<string, unknown>);

describe('API tokens', () => {
  it('lists the tokens with their role and last use, never the token itself', async () => {
    const dialog = renderModal();
    const row = (await within(dialog()).findByText('monitoring')).closest('tr')!;
    expect(within(row).getByText('viewer')).toBeInTheDocument();
    expect(within(row).getByText('sdt_ba9876543210_…')).toBeInTheDocument();
    expect(within(row).getByText('from 192.0.2.7')).toBeInTheDocument();
    // Everything it did, in the audit log.
    expect(within(row).getByRole('link', { name: 'Activity of monitoring in the audit log' })).toHaveAttribute('href', '/audit?resource=ba9876543210');
    // An operator has no "everyone's" switch.
    expect(within(dialog()).queryByLabelText('Everyone’s tokens')).not.toBeInTheDocument();
  });

  it('a new token: roles up to the user’s own, a refusal keeps what was typed, then the token once with how to use it', async () => {
    const user = userEvent.setup();
    const dialog = renderModal('operator');
    await within(dialog()).findByText('monitoring');
    await user.click(within(dialog()).getByRole('button', { name: 'New token' }));

    // Nothing above the user's own role is offered.
    await user.click(within(dialog()).getByRole('textbox', { name: 'Role' }));
    const options = (await screen.findAllByRole('option')).map((option) => option.textContent);
    expect(options.some((text) => text?.startsWith('viewer'))).toBe(true);
    expect(options.some((text) => text?.startsWith('operator'))).toBe(true);
    expect(options.some((text) => text?.startsWith('admin'))).toBe(false);
    await user.click(screen.getByRole('option', { name: /^operator/ }));

    // A name left empty is said before anything is sent.
    await user.click(within(dialog()).getByRole('button', { name: 'Create token' }));
    expect(await within(dialog()).findByText(/Name is required/)).toBeInTheDocument();
    expect(posted()).toHaveLength(0);

    createAnswers = [
      () =>
        envelopeResponse(
          { success: false, errors: [{ code: 1005, message: 'You have 20 API tokens already: revoke one you no longer use first.' }] },
          { status: 409, requestId: 'req-9' },
        ),
      () => envelopeResponse({ result: { ...DEPLOY, token: TOKEN } }),
    ];
    await user.type(within(dialog()).getByLabelText(/^Name/), 'deploy pipeline');
    await user.click(within(dialog()).getByRole('button', { name: 'Create token' }));
    expect(await within(dialog()).findByText('You have 20 API tokens already: revoke one you no longer use first.')).toBeInTheDocument();
    expect(within(dialog()).getByText(/req-9/)).toBeInTheDocument();
    expect(within(dialog()).getByLabelText(/^Name/)).toHaveValue('deploy pipeline');

    await user.click(within(dialog()).getByRole('button', { name: 'Create token' }));
    expect(await within(dialog()).findByText('Copy your token now')).toBeInTheDocument();
    expect(posted().at(-1)).toEqual({ name: 'deploy pipeline', role: 'operator', expires_in_days: 90 });
    expect(within(dialog()).getByLabelText('Your new API token')).toHaveTextContent(TOKEN);
    // An operator's token: the example shows a Force NOTIFY too.
    expect(within(dialog()).getByText(/force_notify/)).toBeInTheDocument();
    const done = within(dialog()).getByRole('button', { name: 'Done' });
    expect(done).toBeDisabled();
    await user.click(within(dialog()).getByLabelText('I have copied the token'));
    await user.click(done);
    // Back to the list: the token is not shown again.
    await within(dialog()).findByRole('button', { name: 'New token' });
    expect(within(dialog()).queryByText(TOKEN)).not.toBeInTheDocument();
  });

  it('revokes after a confirmation', async () => {
    const user = userEvent.setup();
    const dialog = renderModal();
    await within(dialog()).findByText('monitoring');
    await user.click(within(dialog()).getByRole('button', { name: 'Revoke monitoring' }));
    const confirm = await screen.findByRole('dialog', { name: 'Revoke the API token “monitoring”?' });
    await user.click(within(confirm).getByRole('button', { name: 'Revoke token' }));
    await waitFor(() =>
      expect(fetchMock.mock.calls.some(([input, init]) => String(input) === '/auth/tokens/ba9876543210' && (init as RequestInit).method === 'DELETE')).toBe(true),
    );
    expect(await within(dialog()).findByText('You have no API tokens.')).toBeInTheDocument();
  });

  it('an admin may list everyone’s, with whose each is', async () => {
    const user = userEvent.setup();
    const dialog = renderModal('admin');
    await within(dialog()).findByText('monitoring');
    await user.click(within(dialog()).getByLabelText('Everyone’s tokens'));
    const row = (await within(dialog()).findByText('olivia’s job')).closest('tr')!;
    expect(within(row).getByText('olivia')).toBeInTheDocument();
  });

  it('a token limited to zones: chosen by name, sent by id, listed by name; none chosen is said before anything is sent', async () => {
    const user = userEvent.setup();
    const dialog = renderModal('operator');
    await within(dialog()).findByText('monitoring');
    await user.click(within(dialog()).getByRole('button', { name: 'New token' }));
    await user.type(within(dialog()).getByLabelText(/^Name/), 'eu deploy');
    await user.click(within(dialog()).getByRole('radio', { name: 'Only some zones' }));
    await user.click(within(dialog()).getByRole('button', { name: 'Create token' }));
    expect(await within(dialog()).findByText(/must name at least one zone/)).toBeInTheDocument();
    expect(posted()).toHaveLength(0);

    await user.type(within(dialog()).getByRole('textbox', { name: 'Zones' }), 'eu.');
    await user.click(await screen.findByRole('option', { name: 'eu.example.com' }));
    const eu = { id: 'e'.repeat(32), name: 'eu.example.com' };
    createAnswers = [() => envelopeResponse({ result: { ...DEPLOY, name: 'eu deploy', zones: [eu], token: TOKEN } })];
    await user.click(within(dialog()).getByRole('button', { name: 'Create token' }));
    expect(await within(dialog()).findByText('Copy your token now')).toBeInTheDocument();
    expect(posted().at(-1)).toEqual({ name: 'eu deploy', role: 'viewer', expires_in_days: 90, zones: [eu.id] });
    // The example finds its zone by name (the zones list holds the token's zones only) and forces it.
    expect(within(dialog()).getByText(/\/api\/zones\?name=eu\.example\.com'/)).toBeInTheDocument();
    expect(within(dialog()).getByText(new RegExp(`/api/zones/${eu.id}/secondary_dns/outgoing/force_notify`))).toBeInTheDocument();
    expect(within(dialog()).getByText(/eu\.example\.com only/)).toBeInTheDocument();

    tokens = [{ ...DEPLOY, name: 'eu deploy', zones: [eu] }, MONITOR];
    await user.click(within(dialog()).getByLabelText('I have copied the token'));
    await user.click(within(dialog()).getByRole('button', { name: 'Done' }));
    const row = (await within(dialog()).findByText('eu deploy')).closest('tr')!;
    expect(within(row).getByText('eu.example.com')).toBeInTheDocument();
    expect(within((await within(dialog()).findByText('monitoring')).closest('tr')!).getByText('Every zone')).toBeInTheDocument();
  });

  it('an admin makes a token for a service user, its roles capped by that user’s; the list says who made it', async () => {
    const user = userEvent.setup();
    tokens = [{ ...DEPLOY, username: 'ci-bot', created_by: 'admin' }];
    const dialog = renderModal('admin');
    const row = (await within(dialog()).findByText('deploy pipeline')).closest('tr')!;
    expect(within(row).getByText('made by admin')).toBeInTheDocument();
    await user.click(within(dialog()).getByRole('button', { name: 'New token' }));
    await user.type(within(dialog()).getByLabelText(/^Name/), 'pipeline');
    await user.click(within(dialog()).getByRole('textbox', { name: 'Role' }));
    await user.click(await screen.findByRole('option', { name: /^admin/ }));
    await user.click(within(dialog()).getByRole('textbox', { name: 'For' }));
    // Disabled users are not offered.
    expect(screen.queryByRole('option', { name: /^gone/ })).not.toBeInTheDocument();
    await user.click(await screen.findByRole('option', { name: 'ci-bot (operator)' }));
    // The admin role was above ci-bot's: lowered, and no longer offered.
    expect(within(dialog()).getByRole('textbox', { name: 'Role' })).toHaveValue('operator — reads, Force AXFR / NOTIFY (a deploy job)');
    createAnswers = [() => envelopeResponse({ result: { ...DEPLOY, username: 'ci-bot', created_by: 'admin', token: TOKEN } })];
    await user.click(within(dialog()).getByRole('button', { name: 'Create token' }));
    expect(await within(dialog()).findByText('Copy your token now')).toBeInTheDocument();
    expect(posted().at(-1)).toEqual({ name: 'pipeline', role: 'operator', expires_in_days: 90, username: 'ci-bot' });
    expect(within(dialog()).getByText(/acting as ci-bot/)).toBeInTheDocument();
  });
});
