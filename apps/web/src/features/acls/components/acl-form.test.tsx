import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { envelopeResponse, renderWithProviders } from '../../../test/render';
import { AclForm } from './acl-form';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const ACL = { id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', name: 'Office', ip_range: '192.0.2.0/24' };

let onWrite: (url: string, init: RequestInit) => Response | Promise<Response>;
let fetchMock: ReturnType<typeof vi.fn>;

beforeEach(() => {
  onWrite = () => envelopeResponse({ result: ACL });
  fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) =>
    (init.method ?? 'GET') === 'GET' && String(input).endsWith('/secondary_dns/acls')
      ? envelopeResponse({ result: [ACL] })
      : onWrite(String(input), init),
  );
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

/** What the form sent (the list of ACLs it reads for its hints is not a write). */
function writes() {
  return fetchMock.mock.calls.filter(([, init]) => ((init as RequestInit | undefined)?.method ?? 'GET') !== 'GET');
}

function renderForm(props: Partial<Parameters<typeof AclForm>[0]> = {}) {
  const onClose = vi.fn();
  const user = userEvent.setup();
  renderWithProviders(<AclForm accountId={ACCOUNT} opened onClose={onClose} {...props} />);
  return { user, onClose };
}

const rangeInput = () => screen.getByLabelText(/^IP range/, { selector: 'input' });

describe('AclForm', () => {
  it('explains the /24 and /64 limits before anything is typed', () => {
    renderForm();
    expect(screen.getByRole('dialog', { name: 'Add ACL' })).toBeInTheDocument();
    expect(rangeInput()).toHaveAccessibleDescription(/IPv4 ranges can be at most \/24 \(256 addresses\); IPv6 at most \/64/);
  });

  it('explains a /23 as the user types, before submit, and refuses it on submit without a request', async () => {
    const { user } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'Too wide');
    await user.type(rangeInput(), '192.0.2.0/23');
    expect(screen.getByTestId('acl-range-hint')).toHaveTextContent(
      'IPv4 /23 is 512 addresses: wider than Cloudflare allows (at most /24).',
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/IPv4 ranges can be at most \/24 \(256 addresses\); \/23 is too wide/)).toBeInTheDocument();
    expect(rangeInput()).toHaveAttribute('aria-invalid', 'true');
    expect(writes()).toHaveLength(0);
  });

  it('says when another ACL has the name or covers addresses of the range typed (Cloudflare accepts both)', async () => {
    const { user } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'office');
    expect(await screen.findByText('Another ACL is already named Office (192.0.2.0/24): the setup checks would name two ACLs alike.')).toBeInTheDocument();
    await user.type(rangeInput(), '192.0.2.53/28');
    expect(await screen.findByText('192.0.2.53/28 overlaps Office (192.0.2.0/24): the addresses they share are allowed already.')).toBeInTheDocument();
    await user.clear(rangeInput());
    await user.type(rangeInput(), '198.51.100.0/24');
    expect(screen.queryByText(/overlaps/)).not.toBeInTheDocument();
  });

  it('says when another ACL already allows exactly the range typed, instead of "overlaps"', async () => {
    const { user, onClose } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'Office again');
    await user.type(rangeInput(), '192.0.2.0/24');
    expect(await screen.findByText('ACL Office already allows exactly this range (192.0.2.0/24).')).toBeInTheDocument();
    expect(screen.queryByText(/overlaps/)).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
  });

  it.each([
    ['203.0.113.5/24', '203.0.113.0/24', '203.0.113.5'],
    ['2001:db8::5/64', '2001:db8::/64', '2001:db8::5'],
  ])('says what %s really is (host bits set: did you mean %s?), and still saves it as typed', async (typed, network, address) => {
    const { user, onClose } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'Secondary');
    await user.type(rangeInput(), typed);
    expect(await screen.findByRole('status')).toHaveTextContent(
      `${typed} has host bits set: did you mean ${network}? The range is all of ${network}, not only ${address} (for that one address: ${address}/${typed.includes(':') ? 128 : 32}).`,
    );
    await user.clear(rangeInput());
    await user.type(rangeInput(), network);
    expect(screen.queryByText(/host bits/)).not.toBeInTheDocument();
    await user.clear(rangeInput());
    await user.type(rangeInput(), typed);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(JSON.parse(String((writes()[0] as [string, RequestInit])[1].body))).toEqual({ name: 'Secondary', ip_range: typed });
  });

  it('says that a private or loopback range can never match (requests reach Cloudflare from public addresses)', async () => {
    const { user, onClose } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'Inside');
    await user.type(rangeInput(), '10.0.0.0/24');
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Every address in 10.0.0.0/24 is a private address: transfer requests and NOTIFY reach Cloudflare over the internet, from public addresses, so this ACL can never match them.',
    );
    await user.clear(rangeInput());
    await user.type(rangeInput(), '127.0.0.1/32');
    expect(screen.getByRole('status')).toHaveTextContent('Every address in 127.0.0.1/32 is a loopback address');
    await user.clear(rangeInput());
    await user.type(rangeInput(), '198.51.100.0/24');
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
    await user.clear(rangeInput());
    await user.type(rangeInput(), '10.0.0.0/24');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
  });

  it('its own example and placeholder have no host bits set', () => {
    renderForm();
    expect(rangeInput()).toHaveAttribute('placeholder', '192.0.2.48/28');
    expect(rangeInput()).toHaveAccessibleDescription(/e\.g\. 192\.0\.2\.48\/28 or 2001:db8::\/64/);
  });

  it('shows the size of a valid range as the user types', async () => {
    const { user } = renderForm();
    await user.type(rangeInput(), '192.0.2.53/28');
    expect(screen.getByTestId('acl-range-hint')).toHaveTextContent('IPv4, 16 addresses (192.0.2.48 – 192.0.2.63).');
    await user.clear(rangeInput());
    await user.type(rangeInput(), '2001:db8::/64');
    expect(screen.getByTestId('acl-range-hint')).toHaveTextContent('IPv6, /64 (2^64 addresses).');
  });

  it('puts a server refusal with pointer /ip_range on the IP range field and keeps the input', async () => {
    onWrite = () =>
      envelopeResponse(
        {
          success: false,
          errors: [{ code: 1001, message: 'ip_range: overlaps a Cloudflare range', source: { pointer: '/ip_range' } }],
        },
        { status: 400 },
      );
    const { user, onClose } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'Monitoring');
    await user.type(rangeInput(), '198.51.100.53/32');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(rangeInput()).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByText('IP range overlaps a Cloudflare range')).toBeInTheDocument();
    expect(rangeInput()).toHaveValue('198.51.100.53/32');
    expect(screen.getByLabelText(/^Name/)).toHaveValue('Monitoring');
    expect(within(screen.getByRole('dialog')).queryByRole('alert')).not.toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('shows other refusals at the top of the form', async () => {
    onWrite = () =>
      envelopeResponse({ success: false, errors: [{ code: 1502, message: 'Cloudflare is unavailable' }] }, { status: 502, requestId: 'req-9' });
    const { user } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'Office');
    await user.type(rangeInput(), '192.0.2.0/24');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await within(screen.getByRole('dialog')).findByRole('alert');
    expect(within(alert).getByText('Cloudflare is unavailable')).toBeInTheDocument();
    expect(within(alert).getByText(/req-9/)).toBeInTheDocument();
  });

  it('edits an ACL with a PUT and disables Save while pending', async () => {
    let release: (response: Response) => void = () => {};
    onWrite = () => new Promise<Response>((resolve) => (release = resolve));
    const { user, onClose } = renderForm({ acl: ACL });
    expect(screen.getByRole('dialog', { name: 'Edit ACL Office' })).toBeInTheDocument();
    expect(rangeInput()).toHaveValue('192.0.2.0/24');
    await user.clear(rangeInput());
    await user.type(rangeInput(), '192.0.2.128/25');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled());
    release(envelopeResponse({ result: { ...ACL, ip_range: '192.0.2.128/25' } }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const [url, init] = writes()[0] as [string, RequestInit];
    expect(init.method).toBe('PUT');
    expect(url).toBe(`/api/accounts/${ACCOUNT}/secondary_dns/acls/${ACL.id}`);
    expect(JSON.parse(String(init.body))).toEqual({ name: 'Office', ip_range: '192.0.2.128/25' });
  });
});
