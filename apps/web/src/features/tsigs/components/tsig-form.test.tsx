import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { envelopeResponse, renderWithProviders } from '../../../test/render';
import { generateSecret, secretBytes, shortSecretWarning } from '../algorithms';
import { TsigForm } from './tsig-form';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const TSIG = { id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', name: 'transfer-key.example.net.', algo: 'hmac-sha256.', secret: '••••••••' };
const CURRENT_SECRET = 'Y3VycmVudC1zZWNyZXQtb2YtdGhlLWtleS0zMmJ5dGVzISE=';

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;
let onWrite: Handler;
let onSecret: Handler;
let fetchMock: ReturnType<typeof vi.fn>;
let peers: { id: string; name: string; tsig_id?: string }[];

beforeEach(() => {
  peers = [];
  onWrite = () => envelopeResponse({ result: { ...TSIG, id: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' } });
  onSecret = () => envelopeResponse({ result: { secret: CURRENT_SECRET } });
  fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    if ((init.method ?? 'GET') === 'GET' && url.endsWith('/secret')) return onSecret(url, init);
    if ((init.method ?? 'GET') === 'GET' && url.endsWith('/secondary_dns/peers')) return envelopeResponse({ result: peers });
    if ((init.method ?? 'GET') === 'GET' && url.endsWith('/secondary_dns/tsigs')) return envelopeResponse({ result: [TSIG] });
    return onWrite(url, init);
  });
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => vi.unstubAllGlobals());

function writes() {
  return fetchMock.mock.calls.filter(([, init]) => ((init as RequestInit | undefined)?.method ?? 'GET') !== 'GET');
}

function renderForm(props: Partial<Parameters<typeof TsigForm>[0]> = {}) {
  const onClose = vi.fn();
  const user = userEvent.setup();
  renderWithProviders(<TsigForm accountId={ACCOUNT} opened onClose={onClose} {...props} />);
  return { user, onClose };
}

const secretInput = () => screen.getByLabelText(/^Secret/, { selector: 'input' });
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

describe('generateSecret', () => {
  it('uses Web Crypto and the digest size of the algorithm, base64-encoded', () => {
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues');
    const sha256 = generateSecret('hmac-sha256.');
    expect(spy).toHaveBeenCalled();
    expect(sha256).toMatch(BASE64);
    expect(atob(sha256)).toHaveLength(32);
    expect(atob(generateSecret('hmac-sha512.'))).toHaveLength(64);
    expect(atob(generateSecret('hmac-md5.sig-alg.reg.int.'))).toHaveLength(16);
    expect(atob(generateSecret('hmac-sha1.'))).toHaveLength(20);
    expect(generateSecret('hmac-sha256.')).not.toBe(sha256);
  });
});

describe('shortSecretWarning', () => {
  it('counts the bytes of a complete Base64 secret only', () => {
    expect(secretBytes('YWJj')).toBe(3);
    expect(secretBytes('YWI=')).toBe(2);
    expect(secretBytes('YQ==')).toBe(1);
    expect(secretBytes(generateSecret('hmac-sha512.'))).toBe(64);
    for (const text of ['', 'YWJ', 'not base64!', '••••••••']) expect(secretBytes(text)).toBeNull();
  });

  it('warns when the secret is shorter than the digest, naming both', () => {
    expect(shortSecretWarning('hmac-sha256.', 'YWJj')).toBe(
      'This secret is 3 bytes; a hmac-sha256 key should be at least 32 random bytes (RFC 2104 discourages keys shorter than the hash). Generate secret makes one.',
    );
    expect(shortSecretWarning('hmac-sha512.', 'AAAA')).toMatch(/^This secret is 3 bytes; a hmac-sha512 key should be at least 64 random bytes/);
    expect(shortSecretWarning('hmac-sha256.', generateSecret('hmac-sha256.'))).toBeNull();
    expect(shortSecretWarning('hmac-sha512.', generateSecret('hmac-sha256.'))).toMatch(/^This secret is 32 bytes; a hmac-sha512 key/);
    expect(shortSecretWarning('hmac-sha256.', 'YWJ')).toBeNull(); // not complete Base64: the field's error says so
    expect(shortSecretWarning('hmac-sha256.', '••••••••')).toBeNull();
  });
});

describe('TsigForm', () => {
  it('has labelled inputs, the algorithm select with hmac-sha256 by default, and a Save button', async () => {
    const { user } = renderForm();
    expect(screen.getByRole('dialog', { name: 'Add TSIG key' })).toBeInTheDocument();
    expect(screen.getByLabelText(/^Name/)).toHaveValue('');
    const algorithm = screen.getByRole('textbox', { name: /^Algorithm/ });
    expect(algorithm).toHaveValue('hmac-sha256 (recommended)');
    expect(secretInput()).toHaveValue('');
    expect(screen.getByRole('button', { name: 'Save' })).toBeEnabled();

    await user.click(algorithm);
    const options = await screen.findAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual([
      'hmac-md5',
      'hmac-sha1',
      'hmac-sha224',
      'hmac-sha256 (recommended)',
      'hmac-sha384',
      'hmac-sha512',
    ]);
  });

  it('"Generate secret" fills a base64 secret as long as the chosen algorithm’s digest', async () => {
    const { user } = renderForm();
    await user.click(screen.getByRole('textbox', { name: /^Algorithm/ }));
    await user.click(await screen.findByRole('option', { name: 'hmac-sha512' }));
    await user.click(screen.getByRole('button', { name: 'Generate secret' }));
    const value = (secretInput() as HTMLInputElement).value;
    expect(value).toMatch(BASE64);
    expect(atob(value)).toHaveLength(64);
    // Shown once generated, and in the BIND preview with BIND's algorithm name.
    expect(secretInput()).toHaveAttribute('type', 'text');
    expect(screen.getByText(/algorithm hmac-sha512;/)).toBeInTheDocument();
  });

  it('shows client-side messages and sends nothing when the form is invalid', async () => {
    const { user } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'not a name!');
    await user.type(secretInput(), 'has spaces in it');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/must be a domain name/)).toBeInTheDocument();
    expect(screen.getByText(/Secret must not contain spaces/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Name/)).toHaveAttribute('aria-invalid', 'true');
    expect(writes()).toHaveLength(0);
  });

  it('warns under the secret when it is shorter than the digest, and still saves it', async () => {
    const { user, onClose } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'weak-key.example.');
    await user.type(secretInput(), 'YWJ');
    expect(screen.queryByText(/^This secret is/)).not.toBeInTheDocument(); // not complete Base64 yet
    await user.type(secretInput(), 'j');
    expect(await screen.findByRole('status')).toHaveTextContent(
      'This secret is 3 bytes; a hmac-sha256 key should be at least 32 random bytes (RFC 2104 discourages keys shorter than the hash). Generate secret makes one.',
    );
    await user.click(screen.getByRole('button', { name: 'Generate secret' }));
    expect(screen.queryByText(/^This secret is/)).not.toBeInTheDocument();

    await user.clear(secretInput());
    await user.type(secretInput(), 'AAAA');
    await user.click(screen.getByRole('textbox', { name: /^Algorithm/ }));
    await user.click(await screen.findByRole('option', { name: 'hmac-sha512' }));
    expect(screen.getByRole('status')).toHaveTextContent(/^This secret is 3 bytes; a hmac-sha512 key should be at least 64 random bytes/);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(JSON.parse(String((writes()[0] as [string, RequestInit])[1].body))).toMatchObject({ secret: 'AAAA' });
  });

  it('creates a key with name, algorithm and secret', async () => {
    const { user, onClose } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'new-key.example.');
    await user.click(screen.getByRole('button', { name: 'Generate secret' }));
    const secret = (secretInput() as HTMLInputElement).value;
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const [url, init] = writes()[0] as [string, RequestInit];
    expect(url).toBe(`/api/accounts/${ACCOUNT}/secondary_dns/tsigs`);
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({ name: 'new-key.example.', algo: 'hmac-sha256.', secret });
  });

  it('puts a server refusal with pointer /name on the Name field and keeps what was typed', async () => {
    onWrite = () =>
      envelopeResponse(
        { success: false, errors: [{ code: 1001, message: 'name: is already used', source: { pointer: '/name' } }] },
        { status: 400 },
      );
    const { user, onClose } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'dup.example.');
    await user.type(secretInput(), 'c2VjcmV0');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByLabelText(/^Name/)).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByText('Name is already used')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Name/)).toHaveValue('dup.example.');
    expect(secretInput()).toHaveValue('c2VjcmV0');
    expect(onClose).not.toHaveBeenCalled();
  });

  it('edit reveals nothing when it opens, and an empty Secret keeps the current one (the mask is sent)', async () => {
    const { user, onClose } = renderForm({ tsig: TSIG });
    expect(screen.getByRole('dialog', { name: `Edit TSIG key ${TSIG.name}` })).toBeInTheDocument();
    expect(secretInput()).toHaveValue('');
    expect(screen.getByText('Empty: the current secret is kept. To change it, generate or paste a new one.')).toBeInTheDocument();
    await user.clear(screen.getByLabelText(/^Name/));
    await user.type(screen.getByLabelText(/^Name/), 'renamed.example.net.');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(fetchMock.mock.calls.map(([input]) => String(input)).some((url) => url.endsWith('/secret'))).toBe(false);
    const [url, init] = writes()[0] as [string, RequestInit];
    expect(init.method).toBe('PUT');
    expect(url).toBe(`/api/accounts/${ACCOUNT}/secondary_dns/tsigs/${TSIG.id}`);
    expect(JSON.parse(String(init.body))).toEqual({ name: 'renamed.example.net.', algo: 'hmac-sha256.', secret: '••••••••' });
  });

  it('"Show current secret" reads it through the audited reveal endpoint, only when asked', async () => {
    const { user } = renderForm({ tsig: TSIG });
    await user.click(screen.getByRole('button', { name: 'Show current secret' }));
    await waitFor(() => expect(secretInput()).toHaveValue(CURRENT_SECRET));
    expect(fetchMock.mock.calls.map(([input]) => String(input))).toContain(`/api/accounts/${ACCOUNT}/secondary_dns/tsigs/${TSIG.id}/secret`);
    expect(screen.queryByRole('button', { name: 'Show current secret' })).not.toBeInTheDocument();
  });

  it('edit of a key in use names its peers and says how to change keys without a gap', async () => {
    peers = [
      { id: 'p1', name: 'ns1-primary', tsig_id: TSIG.id },
      { id: 'p2', name: 'ns2-primary', tsig_id: TSIG.id },
      { id: 'p3', name: 'hidden-primary' },
    ];
    renderForm({ tsig: TSIG });
    const note = await screen.findByText('In use by ns1-primary, ns2-primary');
    expect(note.closest('[role="alert"], .mantine-Alert-root')).toHaveTextContent(
      'A new name, algorithm or secret applies to these peers at once: their transfers fail until the other nameserver has the same key.',
    );
  });

  it('says when another key has the name typed (case and the trailing dot aside)', async () => {
    const { user } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'Transfer-Key.example.net');
    expect(await screen.findByText(/^A TSIG key named transfer-key\.example\.net\. already exists \(hmac-sha256\.\)/)).toBeInTheDocument();
  });

  it('editing a key does not call the key itself a namesake', async () => {
    peers = [{ id: 'p1', name: 'ns1-primary', tsig_id: TSIG.id }];
    renderForm({ tsig: TSIG });
    // The peers were read (its usage is shown), and the key list with them: no warning about itself.
    expect(await screen.findByText('In use by ns1-primary')).toBeInTheDocument();
    await waitFor(() => expect(fetchMock.mock.calls.some(([input]) => String(input).endsWith('/secondary_dns/tsigs'))).toBe(true));
    expect(screen.queryByText(/already exists/)).not.toBeInTheDocument();
  });

  it('edit of a key the list flags as not Base64 says so at once; its shown secret must be replaced before Save', async () => {
    onSecret = () => envelopeResponse({ result: { secret: 'pasted-from-a-wiki!' } });
    const { user, onClose } = renderForm({ tsig: { ...TSIG, secret_is_base64: false } });
    expect(screen.getByText("This key's secret is not Base64")).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Show current secret' }));
    await waitFor(() => expect(secretInput()).toHaveValue('pasted-from-a-wiki!'));
    expect(await screen.findByText(/^Secret must be Base64/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(writes()).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Generate secret' }));
    expect(screen.queryByText("This key's secret is not Base64")).not.toBeInTheDocument();
    expect(screen.queryByText(/^Secret must be Base64/)).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(JSON.parse(String((writes()[0] as [string, RequestInit])[1].body)).secret).toMatch(BASE64);
  });

  it('a generated secret cleared again is no longer called new: the warnings about the current one come back', async () => {
    const { user } = renderForm({ tsig: { ...TSIG, secret_is_base64: false } });
    await user.click(screen.getByRole('button', { name: 'Generate secret' }));
    expect(screen.getByText(/A new secret breaks transfers with this key/)).toBeInTheDocument();
    expect(screen.queryByText("This key's secret is not Base64")).not.toBeInTheDocument();
    await user.clear(secretInput());
    expect(screen.queryByText(/A new secret breaks transfers with this key/)).not.toBeInTheDocument();
    expect(screen.getByText("This key's secret is not Base64")).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Show current secret' })).toBeInTheDocument();
  });

  it('a secret shown that is not Base64 is said at once, even for a key the list did not flag', async () => {
    onSecret = () => envelopeResponse({ result: { secret: 'abc' } });
    const { user } = renderForm({ tsig: TSIG });
    expect(screen.queryByText("This key's secret is not Base64")).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Show current secret' }));
    expect(await screen.findByText("This key's secret is not Base64")).toBeInTheDocument();
  });

  it('says when the current secret cannot be read, and still saves keeping it', async () => {
    onSecret = () =>
      envelopeResponse({ success: false, errors: [{ code: 10403, message: 'Only admins can read TSIG secrets' }] }, { status: 403 });
    const { user, onClose } = renderForm({ tsig: TSIG });
    await user.click(screen.getByRole('button', { name: 'Show current secret' }));
    const alert = await within(screen.getByRole('dialog')).findByRole('alert');
    expect(within(alert).getByText('Could not read the current secret')).toBeInTheDocument();
    expect(within(alert).getByText('Only admins can read TSIG secrets')).toBeInTheDocument();
    expect(secretInput()).toHaveValue('');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(JSON.parse(String((writes()[0] as [string, RequestInit])[1].body)).secret).toBe('••••••••');
  });
});
