import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { envelopeResponse, renderWithProviders, signedInAs } from '../../test/render';
import { ZoneJump } from './zone-jump';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const hex = (n: number) => n.toString(16).padStart(32, '0');
const OTHER = 'fedcba9876543210fedcba9876543210';
const ZONES = [
  { id: hex(1), name: 'mail.example.net', type: 'secondary', account: { id: ACCOUNT, name: 'Example Corp' } },
  { id: hex(2), name: 'mail.example.org', type: 'full', account: { id: ACCOUNT, name: 'Example Corp' } },
];
/** Zones of another account the token can see (Cloudflare lists them first: by name). */
let otherZones: { id: string; name: string; type: string; account: { id: string; name: string } }[] = [];

let fetchMock: ReturnType<typeof vi.fn>;
const searches = () =>
  fetchMock.mock.calls
    .map(([input]) => new URL(String(input), 'http://localhost'))
    .filter((url) => url.pathname === '/api/zones')
    .map((url) => url.searchParams.get('name'));

function Where() {
  const { pathname, search } = useLocation();
  return <output aria-label="location">{`${pathname}${search}`}</output>;
}

/** The header's box on `route`, with where the app is and the page's <main> (focus goes on from there). */
function renderJump(route: string) {
  const user = userEvent.setup();
  renderWithProviders(
    <>
      <ZoneJump accountId={ACCOUNT} />
      <Where />
      <main id="main" tabIndex={-1} />
    </>,
    { queryClient: signedInAs('viewer'), route },
  );
  return user;
}

beforeEach(() => {
  fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost');
    // Cloudflare's name filter: `contains:` part of the name, or without an operator the whole name.
    const name = url.searchParams.get('name') ?? '';
    const q = name.replace(/^contains:/, '');
    const matches = (zoneName: string) => (name.startsWith('contains:') ? zoneName.includes(q) : zoneName === q);
    const account = url.searchParams.get('account_id');
    const perPage = Number(url.searchParams.get('per_page') ?? 20);
    const zones = [...otherZones, ...ZONES].filter((zone) => matches(zone.name) && (!account || zone.account.id === account));
    const page = zones.slice(0, perPage);
    return envelopeResponse({ result: page, result_info: { page: 1, per_page: perPage, count: page.length, total_count: zones.length } });
  });
  vi.stubGlobal('fetch', fetchMock);
  otherZones = [];
});
afterEach(() => vi.unstubAllGlobals());

describe('ZoneJump', () => {
  it("searches every account: the account shown first, another account's zone named with it and opened under it", async () => {
    otherZones = [{ id: hex(9), name: 'mail.example.com', type: 'secondary', account: { id: OTHER, name: 'Other Corp' } }];
    const user = renderJump('/audit');
    const box = screen.getByRole('textbox', { name: 'Go to zone' });
    await user.type(box, 'mail');
    await screen.findByRole('option', { name: 'mail.example.com · Other Corp' });
    expect(screen.getAllByRole('option').map((option) => option.textContent)).toEqual([
      'mail.example.net',
      'mail.example.org',
      'mail.example.com · Other Corp',
    ]);
    // Asked without an account: every account the token can see.
    const asked = fetchMock.mock.calls.map(([input]) => new URL(String(input), 'http://localhost')).filter((url) => url.pathname === '/api/zones');
    expect(asked.map((url) => url.searchParams.has('account_id'))).toEqual([false]);
    await user.click(screen.getByRole('option', { name: 'mail.example.com · Other Corp' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'location' })).toHaveTextContent(`/accounts/${OTHER}/zones/${hex(9)}`));
    // Its full name typed, Enter opens it too.
    await user.type(box, 'mail.example.com');
    await screen.findByRole('option', { name: 'mail.example.com · Other Corp' });
    await user.click(screen.getByRole('status', { name: 'location' })); // nothing highlighted
    await user.click(box);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(box).toHaveValue(''));
    expect(screen.getByRole('status', { name: 'location' })).toHaveTextContent(`/accounts/${OTHER}/zones/${hex(9)}`);
  });

  it("with ten or more matches in the account shown, other accounts' zones keep three places, and an exact name comes first", async () => {
    // Cloudflare lists by name: the other account's zones come after twelve of the account shown.
    const own = Array.from({ length: 12 }, (_, i) => ({
      id: hex(100 + i),
      name: `shop${String(i).padStart(2, '0')}.example.net`,
      type: 'secondary',
      account: { id: ACCOUNT, name: 'Example Corp' },
    }));
    otherZones = [
      ...own,
      { id: hex(201), name: 'shop.example.com', type: 'full', account: { id: OTHER, name: 'Other Corp' } },
      { id: hex(202), name: 'shopfront.example.com', type: 'full', account: { id: OTHER, name: 'Other Corp' } },
    ];
    const user = renderJump('/audit');
    const box = screen.getByRole('textbox', { name: 'Go to zone' });
    await user.type(box, 'shop');
    await screen.findByRole('option', { name: 'shop.example.com · Other Corp' });
    expect(screen.getAllByRole('option').map((option) => option.textContent)).toEqual([
      ...own.slice(0, 8).map((zone) => zone.name),
      'shop.example.com · Other Corp',
      'shopfront.example.com · Other Corp',
    ]);
    // A name typed in full (a trailing dot too) is offered first, whatever its account.
    await user.clear(box);
    await user.type(box, 'shop.example.com.');
    await waitFor(() => expect(searches().at(-1)).toBe('contains:shop.example.com'));
    await waitFor(() => expect(screen.getAllByRole('option')[0]).toHaveTextContent('shop.example.com · Other Corp'));
    await user.click(screen.getByRole('status', { name: 'location' })); // nothing highlighted
    await user.click(box);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByRole('status', { name: 'location' })).toHaveTextContent(`/accounts/${OTHER}/zones/${hex(201)}`));
  });

  it('a whole name contained in more zones than asked for: the zone of that name is asked for by name, and offered first', async () => {
    // Twenty-two zones below shop.example.com come first in Cloudflare's answer; the zone itself is not among the 20.
    otherZones = [
      ...Array.from({ length: 22 }, (_, i) => ({
        id: hex(300 + i),
        name: `branch${String(i).padStart(2, '0')}.shop.example.com`,
        type: 'secondary',
        account: { id: ACCOUNT, name: 'Example Corp' },
      })),
      { id: hex(400), name: 'shop.example.com', type: 'full', account: { id: OTHER, name: 'Other Corp' } },
    ];
    const user = renderJump('/audit');
    const box = screen.getByRole('textbox', { name: 'Go to zone' });
    await user.type(box, 'shop.example.com');
    await waitFor(() => expect(screen.getAllByRole('option')[0]).toHaveTextContent('shop.example.com · Other Corp'));
    expect(searches()).toEqual(['contains:shop.example.com', 'shop.example.com']);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByRole('status', { name: 'location' })).toHaveTextContent(`/accounts/${OTHER}/zones/${hex(400)}`));

    // Part of a name (no whole name), or an answer that was not cut: no second question.
    fetchMock.mockClear();
    await user.type(box, 'branch');
    await waitFor(() => expect(searches()).toEqual(['contains:branch']));
    await screen.findByRole('option', { name: 'branch00.shop.example.com' });
    expect(searches()).toEqual(['contains:branch']);
  });

  it("an address typed offers its peers (a ticket names the nameserver) and asks Cloudflare for no zone", async () => {
    const user = renderJump('/audit');
    const box = screen.getByRole('textbox', { name: 'Go to zone' });
    await user.type(box, '203.0.113.53');
    await user.click(await screen.findByRole('option', { name: 'Peers at 203.0.113.53' }));
    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'location' })).toHaveTextContent(`/accounts/${ACCOUNT}/peers?q=203.0.113.53`),
    );
    expect(searches()).toEqual([]);
    // Enter does the same, an IPv6 address too.
    await user.type(box, '2001:db8::53{Enter}');
    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'location' })).toHaveTextContent(`/accounts/${ACCOUNT}/peers?q=2001%3Adb8%3A%3A53`),
    );
    expect(searches()).toEqual([]);
  });

  it('asks Cloudflare after a pause in typing and opens the zone picked', async () => {
    const user = renderJump('/audit');
    const box = screen.getByRole('textbox', { name: 'Go to zone' });
    await user.type(box, 'mail');
    expect(await screen.findByRole('option', { name: 'mail.example.org' })).toBeInTheDocument();
    // One search for what was typed, not one per keystroke.
    expect(searches()).toEqual(['contains:mail']);
    await user.click(screen.getByRole('option', { name: 'mail.example.net' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'location' })).toHaveTextContent(`/accounts/${ACCOUNT}/zones/${hex(1)}`));
    expect(box).toHaveValue('');
    // The keyboard goes on from the zone's page.
    await waitFor(() => expect(document.getElementById('main')).toHaveFocus());
  });

  it('"/" from anywhere puts the cursor in the box; Enter on a full name opens it', async () => {
    const user = renderJump('/peers');
    await user.keyboard('/');
    const box = screen.getByRole('textbox', { name: 'Go to zone' });
    expect(box).toHaveFocus();
    await user.type(box, 'mail.example.org');
    await screen.findByRole('option', { name: 'mail.example.org' });
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByRole('status', { name: 'location' })).toHaveTextContent(`/accounts/${ACCOUNT}/zones/${hex(2)}`));
  });

  it('Enter opens the top match when none is highlighted, the highlighted one otherwise, and a typed zone ID directly', async () => {
    const user = renderJump('/peers');
    const location = () => screen.getByRole('status', { name: 'location' });
    await user.keyboard('/');
    const box = screen.getByRole('textbox', { name: 'Go to zone' });
    await user.type(box, 'mail');
    await screen.findByRole('option', { name: 'mail.example.org' });
    await user.keyboard('{Enter}');
    await waitFor(() => expect(location()).toHaveTextContent(`/accounts/${ACCOUNT}/zones/${hex(1)}`));

    await user.type(box, 'mail');
    await screen.findByRole('option', { name: 'mail.example.org' });
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    await waitFor(() => expect(location()).toHaveTextContent(`/accounts/${ACCOUNT}/zones/${hex(2)}`));

    // A zone ID (from a ticket, in capitals too) opens that zone's page, whatever the search finds.
    await user.type(box, `  ${'ABCDEF0123456789'.repeat(2)}{Enter}`);
    await waitFor(() => expect(location()).toHaveTextContent(`/accounts/${ACCOUNT}/zones/${'abcdef0123456789'.repeat(2)}`));
  });

  it('Enter typed before the search for the whole text answered opens no zone found for less of it', async () => {
    // Cloudflare's top ten for "example" hold other zones; example.com itself comes with the search for "example.com".
    const names = [...Array.from({ length: 10 }, (_, n) => `a${n}.example.com`), 'example.com'];
    fetchMock.mockImplementation(async (input: RequestInfo | URL) => {
      const q = (new URL(String(input), 'http://localhost').searchParams.get('name') ?? '').replace(/^contains:/, '');
      const zones = names.filter((name) => name.includes(q)).sort((a, b) => Number(b === q) - Number(a === q)).slice(0, 10);
      if (q === 'example.com') await new Promise((resolve) => setTimeout(resolve, 600)); // a slow answer
      return envelopeResponse({ result: zones.map((name) => ({ id: hex(names.indexOf(name) + 1), name, type: 'full' })) });
    });
    const user = renderJump('/peers');
    const box = screen.getByRole('textbox', { name: 'Go to zone' });
    await user.type(box, 'example');
    await screen.findByRole('option', { name: 'a0.example.com' });
    // At once, within the pause in typing: the list on screen is still the one for "example".
    await user.type(box, '.com{Enter}');
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(screen.getByRole('status', { name: 'location' })).toHaveTextContent('/peers');
    // The pause is over and the search for "example.com" is under way: the list shown is still the one for "example".
    await user.keyboard('{Enter}');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.getByRole('status', { name: 'location' })).toHaveTextContent('/peers');
    await screen.findByRole('option', { name: 'example.com' });
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByRole('status', { name: 'location' })).toHaveTextContent(`/accounts/${ACCOUNT}/zones/${hex(11)}`));
  });
});
