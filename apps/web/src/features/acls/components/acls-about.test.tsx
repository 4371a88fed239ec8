import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OLD_SOURCES_END_AT } from '../../../lib/cloudflare-addresses';
import { renderWithProviders } from '../../../test/render';
import { AclsAbout } from './acls-about';

afterEach(() => vi.restoreAllMocks());

describe('AclsAbout', () => {
  it('warns that the older transfer ranges stop working, until the day they do', () => {
    vi.spyOn(Date, 'now').mockReturnValue(OLD_SOURCES_END_AT - 86_400_000);
    renderWithProviders(<AclsAbout />);
    expect(screen.getByText(/stop working on 1 December 2026\. If your primary allows only those/)).toBeInTheDocument();
  });

  it('says they stopped working once the date has passed', () => {
    vi.spyOn(Date, 'now').mockReturnValue(OLD_SOURCES_END_AT + 1);
    renderWithProviders(<AclsAbout />);
    expect(screen.getByText(/stopped working on 1 December 2026: allowing them no longer helps/)).toBeInTheDocument();
    expect(screen.queryByText(/stop working on/)).not.toBeInTheDocument();
  });
});
