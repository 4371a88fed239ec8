import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '@secdns/api-types';
import { envelopeResponse, renderWithProviders } from '../../../test/render';
import { UserForm, toUpdateBody } from './user-form';

const ADMIN: User = {
  username: 'admin',
  role: 'admin',
  disabled: false,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  last_login_at: null,
  must_change_password: false,
  two_factor_enabled: false,
  expires_at: null,
};
const OPS: User = { ...ADMIN, username: 'ops', role: 'operator' };

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;
let onWrite: Handler;
let fetchMock: ReturnType<typeof vi.fn>;

beforeEach(() => {
  onWrite = (_url, init) => envelopeResponse({ result: { ...OPS, ...JSON.parse(String(init.body ?? '{}')) } });
  fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => onWrite(String(input), init));
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => vi.unstubAllGlobals());

function writes() {
  return fetchMock.mock.calls.map(([url, init]) => ({
    url: String(url),
    method: (init as RequestInit).method,
    body: JSON.parse(String((init as RequestInit).body ?? 'null')) as unknown,
  }));
}

function renderForm(props: Partial<Parameters<typeof UserForm>[0]> = {}) {
  const onClose = vi.fn();
  const user = userEvent.setup();
  renderWithProviders(<UserForm opened onClose={onClose} currentUsername="admin" {...props} />);
  return { user, onClose };
}

describe('toUpdateBody', () => {
  const values = { username: 'ops', password: '', role: 'operator' as const, enabled: true, mustChangePassword: true, expires_at: '' };
  it('sends only what changed', () => {
    expect(toUpdateBody(values, OPS)).toEqual({});
    expect(toUpdateBody({ ...values, role: 'viewer', enabled: false }, OPS)).toEqual({
      role: 'viewer',
      disabled: true,
    });
  });

  it('a new password says whether its user must replace it; an admin\'s own never asks', () => {
    expect(toUpdateBody({ ...values, password: 'x'.repeat(12) }, OPS)).toEqual({ password: 'x'.repeat(12), must_change_password: true });
    expect(toUpdateBody({ ...values, password: 'x'.repeat(12), mustChangePassword: false }, OPS)).toEqual({
      password: 'x'.repeat(12),
      must_change_password: false,
    });
    expect(toUpdateBody({ ...values, password: 'x'.repeat(12), role: 'admin' }, ADMIN, true)).toEqual({ password: 'x'.repeat(12) });
    // Without a new password, the box says nothing.
    expect(toUpdateBody({ ...values, mustChangePassword: false }, OPS)).toEqual({});
  });

  it('an end of access: the end of the day picked (UTC), null when emptied, nothing when the same day', () => {
    expect(toUpdateBody({ ...values, expires_at: '2027-01-31' }, OPS)).toEqual({ expires_at: '2027-01-31T23:59:59Z' });
    const ending = { ...OPS, expires_at: '2027-01-31T23:59:59Z' };
    expect(toUpdateBody({ ...values, expires_at: '2027-01-31' }, ending)).toEqual({});
    expect(toUpdateBody({ ...values, expires_at: '' }, ending)).toEqual({ expires_at: null });
  });
});

describe('UserForm', () => {
  it('validates username and password with the contract rules before sending anything', async () => {
    const { user } = renderForm();
    await user.type(screen.getByLabelText(/^Username/), 'Bad Name');
    await user.type(screen.getByLabelText(/^Password/), 'short');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText('Username may contain only lowercase letters, digits, dot, underscore and hyphen'),
    ).toBeInTheDocument();
    expect(screen.getByText('Password must be at least 12 characters')).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('creates a user with a generated password and the chosen role', async () => {
    const { user, onClose } = renderForm();
    await user.type(screen.getByLabelText(/^Username/), 'support');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    const password = (screen.getByLabelText(/^Password/) as HTMLInputElement).value;
    expect(password).toHaveLength(20);
    expect(screen.getByRole('textbox', { name: 'Role' })).toHaveAccessibleDescription('Reads everything except TSIG secrets.');
    await user.click(screen.getByRole('textbox', { name: 'Role' }));
    await user.click(await screen.findByRole('option', { name: /^Operator/ }));
    expect(screen.getByRole('textbox', { name: 'Role' })).toHaveAccessibleDescription(
      'Viewer + Force AXFR and Force NOTIFY (support staff).',
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(writes()[0]).toEqual({
      url: '/api/users',
      method: 'POST',
      body: { username: 'support', password, role: 'operator', must_change_password: true },
    });
  });

  it('a new user must choose their own password unless the admin turns it off (they chose it beside them)', async () => {
    const { user, onClose } = renderForm();
    const box = screen.getByRole('checkbox', { name: 'Must choose their own password at the next sign-in' });
    expect(box).toBeChecked();
    await user.type(screen.getByLabelText(/^Username/), 'beside');
    await user.type(screen.getByLabelText(/^Password/), 'chosen-beside-the-admin');
    await user.click(box);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(writes()[0]?.body).toEqual({ username: 'beside', password: 'chosen-beside-the-admin', role: 'viewer', must_change_password: false });
  });

  it('editing someone else: the box shows once a new password is typed, on', async () => {
    const { user } = renderForm({ user: OPS });
    const name = 'Must choose their own password at the next sign-in';
    expect(screen.queryByRole('checkbox', { name })).not.toBeInTheDocument();
    await user.type(screen.getByLabelText(/^New password/), 'a-new-password-0123');
    expect(screen.getByRole('checkbox', { name })).toBeChecked();
  });

  it('a single sign-on user: no password here and the role is the provider’s, but they can be disabled', async () => {
    renderForm({ user: { ...OPS, sso: true } });
    expect(screen.queryByLabelText(/^New password/)).not.toBeInTheDocument();
    expect(screen.getByText(/Signs in by single sign-on: no password here/)).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Role' })).toBeDisabled();
    expect(screen.getByText(/From the identity provider’s groups\./)).toBeInTheDocument();
  });

  it('editing your own account with a new password: no box', async () => {
    const { user } = renderForm({ user: ADMIN });
    await user.type(screen.getByLabelText(/^New password/), 'a-new-password-0123');
    expect(screen.queryByRole('checkbox', { name: 'Must choose their own password at the next sign-in' })).not.toBeInTheDocument();
  });

  it('a contractor with an end of access; a refusal of it lands on Access until and keeps what was typed', async () => {
    onWrite = () =>
      envelopeResponse(
        { errors: [{ code: 1001, message: 'expires_at: is in the past: to end their access now, disable the user', source: { pointer: '/expires_at' } }] },
        { status: 400 },
      );
    const { user, onClose } = renderForm();
    await user.type(screen.getByLabelText(/^Username/), 'contractor');
    await user.type(screen.getByLabelText(/^Password/), 'long-enough-password');
    const until = screen.getByLabelText('Access until');
    expect(until).toHaveAccessibleDescription(/the last day \(UTC\) they may use the dashboard/);
    await user.type(until, '2027-01-31');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Access until is in the past: to end their access now, disable the user')).toBeInTheDocument();
    expect(until).toHaveValue('2027-01-31');
    expect(onClose).not.toHaveBeenCalled();
    expect(writes()[0]?.body).toEqual({
      username: 'contractor',
      password: 'long-enough-password',
      role: 'viewer',
      must_change_password: true,
      expires_at: '2027-01-31T23:59:59Z',
    });
  });

  it('puts "username taken" (409 with a pointer) on the Username field', async () => {
    onWrite = () =>
      envelopeResponse(
        { errors: [{ code: 1005, message: 'username: support is taken', source: { pointer: '/username' } }] },
        { status: 409 },
      );
    const { user, onClose } = renderForm();
    await user.type(screen.getByLabelText(/^Username/), 'support');
    await user.type(screen.getByLabelText(/^Password/), 'long-enough-password');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Username support is taken')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Username/)).toHaveAttribute('aria-invalid', 'true');
    expect(onClose).not.toHaveBeenCalled();
  });

  it('warns before demoting yourself, and puts the last-admin refusal (409) on the Role field', async () => {
    onWrite = () =>
      envelopeResponse(
        { errors: [{ code: 1005, message: 'Cannot demote the last enabled admin: make another user admin first.' }] },
        { status: 409, requestId: 'req-1' },
      );
    const { user, onClose } = renderForm({ user: ADMIN });
    expect(screen.queryByText('This is your own account')).not.toBeInTheDocument();
    await user.click(screen.getByRole('textbox', { name: 'Role' }));
    await user.click(await screen.findByRole('option', { name: /^Viewer/ }));
    expect(screen.getByText('This is your own account')).toBeInTheDocument();
    expect(screen.getByText(/taking away your own admin role/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Cannot demote the last enabled admin: make another user admin first.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Role' })).toHaveAttribute('aria-invalid', 'true');
    expect(writes()[0]).toMatchObject({ url: '/api/users/admin', method: 'PATCH', body: { role: 'viewer' } });
    expect(onClose).not.toHaveBeenCalled();
  });

  it('puts a 409 on disabling the last admin on the Enabled switch', async () => {
    onWrite = () =>
      envelopeResponse(
        { errors: [{ code: 1005, message: 'Cannot disable the last enabled admin: make another user admin first.' }] },
        { status: 409 },
      );
    const { user } = renderForm({ user: ADMIN, currentUsername: 'someone-else' });
    await user.click(screen.getByRole('switch', { name: /Enabled/ }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/Cannot disable the last enabled admin/)).toBeInTheDocument();
    expect(writes()[0]).toMatchObject({ body: { disabled: true } });
  });

  it('shows other refusals at the top of the form with the request id', async () => {
    onWrite = () => envelopeResponse({ errors: [{ code: 1599, message: 'Database is locked.' }] }, { status: 500, requestId: 'req-9' });
    const { user } = renderForm({ user: OPS });
    await user.type(screen.getByLabelText(/^New password/), 'another-long-password');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Database is locked.');
    expect(screen.getByText('Request ID: req-9')).toBeInTheDocument();
    expect(writes()[0]).toMatchObject({ url: '/api/users/ops', body: { password: 'another-long-password' } });
  });

  it('closes without a request when nothing changed', async () => {
    const { user, onClose } = renderForm({ user: OPS });
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('says whether the user has two-factor sign-in, and resets it (a lost phone) after a confirmation', async () => {
    onWrite = () => envelopeResponse({ result: { username: 'ops', was_enabled: true } });
    const { user } = renderForm({ user: { ...OPS, two_factor_enabled: true } });
    expect(await screen.findByText('Signs in with a code from an authenticator app after the password.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Reset two-factor sign-in' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reset two-factor sign-in of ops?' });
    expect(dialog).toHaveTextContent('For a lost phone.');
    expect(writes()).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Reset two-factor sign-in' }));
    await waitFor(() => expect(writes()).toEqual([{ url: '/api/users/ops/two-factor', method: 'DELETE', body: null }]));
    expect(await screen.findByText('Reset: the password alone signs in until they set it up again.')).toBeInTheDocument();
  });

  it('a user without two-factor sign-in has nothing to reset', async () => {
    renderForm({ user: OPS });
    expect(await screen.findByText('Each user sets it up from their own user menu.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reset two-factor sign-in' })).not.toBeInTheDocument();
  });
});
