import { Select } from '@mantine/core';
import { IconBuilding } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router';
import { accountsQuery } from '../../lib/lookups';
import { sectionOf, sectionUrl } from '../sections';

/** Switches account and keeps the current section (Zones, Peers, …). */
export function AccountPicker({ accountId }: { accountId: string }) {
  const accounts = useQuery(accountsQuery());
  const navigate = useNavigate();
  const location = useLocation();

  const data = (accounts.data ?? []).map((account) => ({ value: account.id, label: account.name }));
  if (accountId && !data.some((option) => option.value === accountId)) {
    data.unshift({ value: accountId, label: accounts.isPending ? 'Loading accounts…' : accountId });
  }

  return (
    <Select
      aria-label="Account"
      placeholder="Choose an account"
      data={data}
      value={accountId || null}
      onChange={(value) => {
        if (value && value !== accountId) navigate(sectionUrl(value, sectionOf(location.pathname)));
      }}
      allowDeselect={false}
      searchable={data.length > 6}
      nothingFoundMessage="No account with that name"
      leftSection={<IconBuilding size={16} aria-hidden />}
      error={accounts.isError ? true : undefined}
      title={accounts.isError ? 'Could not load the account list' : undefined}
      w={{ base: 120, sm: 300 }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
