/**
 * The Settings page (admins): each group of the server's settings with its variable, its value and whether it is
 * the default; others see why they cannot, and nothing is asked of the server for them; a refusal shows the error
 * with its request id.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Settings } from '@secdns/api-types';
import { envelopeResponse, renderWithProviders, signedInAs } from '../../test/render';
import { SettingsPage } from './settings-page';

const SETTINGS: Settings = {
  version: '0.1.0',
  groups: [
    {
      title: 'Cloudflare',
      description: 'Where the dashboard sends its calls.',
      settings: [
        { env: 'CLOUDFLARE_API_TOKEN', label: 'API token', value: 'set', isDefault: false },
        { env: 'UPSTREAM_TIMEOUT_MS', label: 'Timeout of one call', value: '10 s', isDefault: true },
      ],
    },
    {
      title: 'Notifications',
      description: 'Where the dashboard tells a chat channel.',
      settings: [
        {
          env: 'AUDIT_WEBHOOK_URL',
          label: 'Each change and action',
          value: 'hooks.slack.com (path not shown)',
          isDefault: false,
          status: { text: 'Since the server started: 3 taken; 1 not taken (refused with HTTP 500).', ok: false },
        },
      ],
    },
  ],
};

afterEach(() => vi.unstubAllGlobals());

describe('Settings page', () => {
  it('shows each group with its settings, variables, values and which are set here', async () => {
    const fetch = vi.fn(async () => envelopeResponse({ result: SETTINGS }));
    vi.stubGlobal('fetch', fetch);
    renderWithProviders(<SettingsPage />, { queryClient: signedInAs('admin') });
    const cloudflare = await screen.findByRole('region', { name: 'Cloudflare' });
    expect(within(cloudflare).getByText('1 set')).toBeInTheDocument();
    const token = within(cloudflare).getByRole('row', { name: /API token/ });
    expect(token).toHaveTextContent('CLOUDFLARE_API_TOKEN');
    expect(token).toHaveTextContent('set here');
    const timeout = within(cloudflare).getByRole('row', { name: /Timeout of one call/ });
    expect(timeout).toHaveTextContent('10 s (default)');
    const notifications = screen.getByRole('region', { name: 'Notifications' });
    expect(within(notifications).getByText('hooks.slack.com (path not shown)')).toBeInTheDocument();
    // How its deliveries went, since the server started.
    expect(within(notifications).getByText('Since the server started: 3 taken; 1 not taken (refused with HTTP 500).')).toBeInTheDocument();
    expect(screen.getByText('Version 0.1.0')).toBeInTheDocument();
    expect(fetch).toHaveBeenCalledWith('/api/meta/settings', expect.anything());
  });

  it('sends a test message to a webhook that is set and says what became of it', async () => {
    const calls: { url: string; body?: string }[] = [];
    let answer = { taken: false, detail: 'refused with HTTP 404' };
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        calls.push({ url, body: init?.body as string | undefined });
        if (url === '/api/meta/settings/webhook-test') return envelopeResponse({ result: answer });
        return envelopeResponse({ result: SETTINGS });
      }),
    );
    renderWithProviders(<SettingsPage />, { queryClient: signedInAs('admin') });
    const row = (await screen.findByRole('region', { name: 'Notifications' })).querySelector('tr:has(code)')!;
    // Only a webhook that is set has the button (Cloudflare's rows have none).
    expect(within(screen.getByRole('region', { name: 'Cloudflare' })).queryByRole('button', { name: 'Send a test message' })).toBeNull();
    await userEvent.click(within(row as HTMLElement).getByRole('button', { name: 'Send a test message' }));
    expect(await within(row as HTMLElement).findByText('Not taken: refused with HTTP 404.')).toBeInTheDocument();
    expect(calls.find((call) => call.url === '/api/meta/settings/webhook-test')?.body).toBe(JSON.stringify({ env: 'AUDIT_WEBHOOK_URL' }));
    // The settings are read again (the deliveries' line counts it).
    await waitFor(() => expect(calls.filter((call) => call.url === '/api/meta/settings').length).toBeGreaterThanOrEqual(2));
    answer = { taken: true, detail: 'HTTP 200' };
    await userEvent.click(within(row as HTMLElement).getByRole('button', { name: 'Send a test message' }));
    expect(await within(row as HTMLElement).findByText('Taken by the webhook (HTTP 200): look for it in the channel.')).toBeInTheDocument();
  });

  it('is for admins: others are told, and nothing is read', async () => {
    const fetch = vi.fn(async () => envelopeResponse({ result: SETTINGS }));
    vi.stubGlobal('fetch', fetch);
    renderWithProviders(<SettingsPage />, { queryClient: signedInAs('operator') });
    expect(await screen.findByText('Only admins can see the settings')).toBeInTheDocument();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('a refusal shows the error with its request id', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        envelopeResponse({ success: false, errors: [{ code: 10003, message: 'Only admins may do this.' }] }, { status: 403, requestId: 'req-42' }),
      ),
    );
    renderWithProviders(<SettingsPage />, { queryClient: signedInAs('admin') });
    expect(await screen.findByText('Could not read the settings')).toBeInTheDocument();
    expect(screen.getByText(/Only admins may do this/)).toBeInTheDocument();
    expect(screen.getByText(/req-42/)).toBeInTheDocument();
  });
});
