import { afterEach, describe, expect, it } from 'vitest';
import { focusBackTo } from './keep-focus';

afterEach(() => document.body.replaceChildren());

describe('focusBackTo', () => {
  it('gives the element while it is on the page, then the nearest place around it that still is', () => {
    document.body.innerHTML =
      '<main><section aria-label="Peers"><table aria-label="Peers"><tbody><tr><td><button>Delete ns1</button></td></tr></tbody></table></section></main>';
    const button = document.querySelector('button')!;
    const fallback = focusBackTo(button);
    expect(fallback()).toBe(button);
    button.closest('tr')!.remove();
    expect(fallback()).toBe(document.querySelector('table'));
    document.querySelector('table')!.remove();
    expect(fallback()).toBe(document.querySelector('section'));
  });

  it('gives nothing for nothing', () => {
    expect(focusBackTo(null)()).toBeNull();
  });
});
