/**
 * "Two-factor sign-in" from the user menu: setting it up asks for the password (a wrong one is said on its field and
 * stays typed), shows the QR code and the key once, switches on with a right code (a wrong code is said on the field
 * and what was typed stays), then shows the recovery codes until the user says they saved them. Turning it off
 * takes the password and a code.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TwoFactorStatus } from '@secdns/api-types';
import { envelopeResponse, renderWithProviders, signedInAs } from '../../test/render';
import { TwoFactorModal } from './two-factor-modal';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const RECOVERY = ['2345-6789-abcd', 'efgh-jkmn-pqrs', 'tuvw-xyz2-3456', '789a-bcde-fghj', 'kmnp-qrst-uvwx', 'yz23-4567-89ab', 'cdef-ghjk-mnpq', 'rstu-vwxy-z234', '5678-9abc-defg', 'hjkm-npqr-stuv'];
const OFF: TwoFactorStatus = { enabled: false, enabledAt: null, recoveryCodesLeft: 0, required: false };
const ON: TwoFactorStatus = { enabled: true, enabledAt: '2030-01-01T00:00:00.000Z', recoveryCodesLeft: 10, required: false };

let status: TwoFactorStatus;
let fetchMock: ReturnType<typeof vi.fn>;
/** The next answers of each POST, by path. */
let answers: Record<string, Array<() => Response>>;

const refusal = (field: string, message: string, status = 400) => () =>
  envelopeResponse({ success: false, errors: [{ code: 1001, message: `${field}: ${message}`, source: { pointer: `/${field}` } }] }, { status, requestId: 'req-1' });

beforeEach(() => {
  status = OFF;
  answers = {};
  fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    if (url === '/auth/two-factor' && (init.method ?? 'GET') === 'GET') return envelopeResponse({ result: status });
    const next = answers[url]?.shift();
    if (init.method === 'POST' && next) return next();
    return envelopeResponse({ success: false, errors: [{ code: 1003, message: `unexpected ${init.method} ${url}` }] }, { status: 404 });
  });
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const posted = (url: string) =>
  fetchMock.mock.calls
    .filter(([input, init]) => String(input) === url && (init as RequestInit).method === 'POST')
    .map(([, init]) => JSON.parse(String((init as RequestInit).body)) as Record<string, string>);

function renderModal() {
  const onClose = vi.fn();
  renderWithProviders(<TwoFactorModal opened onClose={onClose} />, { queryClient: signedInAs('operator') });
  return { onClose, dialog: () => screen.getByRole('dialog', { name: 'Two-factor sign-in' }) };
}

describe('setting up two-factor sign-in', () => {
  it('password, QR code and key, a code (kept on a refusal), then the recovery codes', async () => {
    const user = userEvent.setup();
    const { dialog } = renderModal();
    expect(await within(dialog()).findByText('Off')).toBeInTheDocument();
    await user.click(within(dialog()).getByRole('button', { name: 'Set up two-factor sign-in' }));

    // 1. The password: a wrong one is said on its field, and stays typed.
    answers['/auth/two-factor/enrolment'] = [
      refusal('password', 'is not your current password'),
      () =>
        envelopeResponse({
          result: {
            secret: SECRET,
            otpauthUri: `otpauth://totp/x?secret=${SECRET}`,
            qrCode: 'data:image/svg+xml;base64,PHN2Zy8+',
            issuer: 'Secondary DNS dashboard',
            accountName: 'someone@localhost',
            expiresAt: '2099-01-01T00:15:00Z',
          },
        }),
    ];
    await user.type(within(dialog()).getByLabelText('Your password'), 'not-quite-right');
    await user.click(within(dialog()).getByRole('button', { name: 'Continue' }));
    expect(await within(dialog()).findByText('Your password is not your current password')).toBeInTheDocument();
    expect(within(dialog()).getByLabelText('Your password')).toHaveValue('not-quite-right');
    await user.clear(within(dialog()).getByLabelText('Your password'));
    await user.type(within(dialog()).getByLabelText('Your password'), 'my-password-0123');
    await user.click(within(dialog()).getByRole('button', { name: 'Continue' }));

    // 2. The QR code, and the key on request (in groups of four).
    const qr = await within(dialog()).findByRole('img', { name: 'QR code to add someone@localhost to your authenticator app' });
    expect(qr).toHaveAttribute('src', 'data:image/svg+xml;base64,PHN2Zy8+');
    await user.click(within(dialog()).getByRole('button', { name: /Can’t scan it\?/ }));
    expect(within(dialog()).getByLabelText('Setup key')).toHaveTextContent('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');

    // A code the BFF refuses: said on the field, what was typed stays; nothing is on.
    answers['/auth/two-factor/enrolment/confirm'] = [
      refusal('code', 'is not the code the app shows for this secret: check that you scanned this QR code'),
      () => envelopeResponse({ result: { recoveryCodes: RECOVERY } }),
    ];
    const code = within(dialog()).getByLabelText('Code from the app');
    await user.type(code, '12345x');
    await user.click(within(dialog()).getByRole('button', { name: 'Turn on two-factor sign-in' }));
    expect(await within(dialog()).findByText('Code must be the 6 digits your authenticator app shows')).toBeInTheDocument();
    expect(posted('/auth/two-factor/enrolment/confirm')).toHaveLength(0);
    await user.clear(code);
    await user.type(code, '123456');
    await user.click(within(dialog()).getByRole('button', { name: 'Turn on two-factor sign-in' }));
    expect(await within(dialog()).findByText(/^Code is not the code the app shows for this secret/)).toBeInTheDocument();
    expect(within(dialog()).getByLabelText('Code from the app')).toHaveValue('123456');
    expect(within(dialog()).getByText('Request ID: req-1')).toBeInTheDocument();

    await user.clear(within(dialog()).getByLabelText('Code from the app'));
    await user.type(within(dialog()).getByLabelText('Code from the app'), '654321');
    status = ON;
    await user.click(within(dialog()).getByRole('button', { name: 'Turn on two-factor sign-in' }));

    // 3. The recovery codes, shown once; Done once they are saved.
    const list = await within(dialog()).findByRole('list', { name: 'Recovery codes' });
    expect(within(list).getAllByRole('listitem').map((item) => item.textContent)).toEqual(RECOVERY);
    expect(within(dialog()).getByRole('link', { name: 'Download' })).toHaveAttribute('download', 'recovery-codes-someone.txt');
    const done = within(dialog()).getByRole('button', { name: 'Done' });
    expect(done).toBeDisabled();
    await user.click(within(dialog()).getByLabelText('I have saved these recovery codes'));
    await user.click(done);
    expect(await within(dialog()).findByText('On')).toBeInTheDocument();
    expect(within(dialog()).getByText('10 recovery codes left.')).toBeInTheDocument();

    expect(posted('/auth/two-factor/enrolment')).toEqual([{ password: 'not-quite-right' }, { password: 'my-password-0123' }]);
    expect(posted('/auth/two-factor/enrolment/confirm')).toEqual([{ code: '123456' }, { code: '654321' }]);
  });

  it('turning it off takes the password and a code; a wrong code stays typed', async () => {
    status = ON;
    const user = userEvent.setup();
    const { dialog } = renderModal();
    await user.click(await within(dialog()).findByRole('button', { name: 'Turn off' }));
    answers['/auth/two-factor/disable'] = [
      refusal('code', 'Wrong code: enter the code your authenticator app shows now, or one of your recovery codes.'),
      () => envelopeResponse({ result: OFF }),
    ];
    await user.type(within(dialog()).getByLabelText('Your password'), 'my-password-0123');
    await user.type(within(dialog()).getByLabelText('Code'), '000000');
    await user.click(within(dialog()).getByRole('button', { name: 'Turn off two-factor sign-in' }));
    expect(await within(dialog()).findByText(/^Wrong code: enter the code/)).toBeInTheDocument();
    expect(within(dialog()).getByLabelText('Code')).toHaveValue('000000');
    expect(within(dialog()).getByLabelText('Your password')).toHaveValue('my-password-0123');

    await user.clear(within(dialog()).getByLabelText('Code'));
    await user.type(within(dialog()).getByLabelText('Code'), 'k7m2-xq9d-4hwp');
    await user.click(within(dialog()).getByRole('button', { name: 'Turn off two-factor sign-in' }));
    await waitFor(() => expect(within(dialog()).getByText('Off')).toBeInTheDocument());
    expect(posted('/auth/two-factor/disable')).toEqual([
      { password: 'my-password-0123', code: '000000' },
      { password: 'my-password-0123', code: 'k7m2-xq9d-4hwp' },
    ]);
  });
});
