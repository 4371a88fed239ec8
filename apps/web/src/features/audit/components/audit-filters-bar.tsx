/**
 * The audit log's filters. Text and time fields are applied with "Apply filters" (or Enter); the operation and
 * outcome selects apply at once. What is applied lives in the URL (`useAuditFilters`); when it changes (an apply,
 * Back / Forward, a History link) the bar shows what the URL holds — without remounting, so an open list (the
 * operation being searched) is not torn down by the apply of another filter.
 */
import { Button, Group, Paper, Select, TextInput, VisuallyHidden } from '@mantine/core';
import { IconFilter, IconX } from '@tabler/icons-react';
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import {
  auditFilterQuery,
  hasFilters,
  isoToLocalInput,
  localInputToIso,
  type AuditFilters,
  type AuditOutcome,
} from '../audit-filters';
import { operationOptions } from '../operation-labels';

export interface AuditFiltersBarProps {
  filters: AuditFilters;
  onApply: (filters: AuditFilters) => void;
  onClear: () => void;
  /** Admins filter by user; others only ever see their own entries, so the field is not shown. */
  canFilterUser: boolean;
}

interface Draft {
  user: string;
  operation: string;
  zone: string;
  /** Not a field: set by "History" links, kept while other filters change. */
  resource: string;
  outcome: AuditOutcome;
  /** `<input type="datetime-local">` values, local time. */
  since: string;
  until: string;
}

const OUTCOMES = [
  { value: '', label: 'Any outcome' },
  { value: 'success', label: 'Success' },
  { value: 'failure', label: 'Failure' },
];

function toDraft(filters: AuditFilters): Draft {
  return { ...filters, since: isoToLocalInput(filters.since), until: isoToLocalInput(filters.until) };
}

function fromDraft(draft: Draft): AuditFilters {
  return {
    user: draft.user.trim(),
    operation: draft.operation,
    zone: draft.zone.trim(),
    resource: draft.resource,
    outcome: draft.outcome,
    since: localInputToIso(draft.since),
    until: localInputToIso(draft.until),
  };
}

export function AuditFiltersBar({ filters, onApply, onClear, canFilterUser }: AuditFiltersBarProps) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(filters));
  const applied = auditFilterQuery(filters);
  useEffect(() => {
    setDraft(toDraft(filters));
    // `applied` is what `filters` holds, as text: a new object with the same filters is no change.
  }, [applied]);
  const options = useMemo(() => operationOptions(), []);
  const known = options.some((group) => group.items.some((item) => item.value === draft.operation));
  const data = draft.operation && !known ? [{ group: 'Other', items: [{ value: draft.operation, label: draft.operation }] }, ...options] : options;
  const invalidRange = Boolean(draft.since && draft.until && draft.since >= draft.until);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const applyNow = (changes: Partial<Draft>) => {
    const next = { ...draft, ...changes };
    setDraft(next);
    onApply(fromDraft(next));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (invalidRange) return;
    onApply(fromDraft(draft));
  };

  // What the placeholders say, kept for screen readers once something is typed (a title is not read reliably).
  const userHint = useId();
  const zoneHint = useId();
  return (
    <Paper withBorder p="sm" radius="md" component="form" onSubmit={submit} aria-label="Audit filters" role="search">
      <VisuallyHidden id={userHint}>Matches part of a username, in any case: oli finds olivia.</VisuallyHidden>
      <VisuallyHidden id={zoneHint}>Matches part of a zone&apos;s name, in any case, or its ID.</VisuallyHidden>
      <Group gap="sm" align="flex-end" wrap="wrap">
        {canFilterUser && (
          <TextInput
            label="User"
            placeholder="Part of a name"
            title="Part of a username, any case: “oli” finds olivia"
            aria-describedby={userHint}
            w={150}
            autoComplete="off"
            spellCheck={false}
            value={draft.user}
            onChange={(event) => set('user', event.currentTarget.value)}
          />
        )}
        <Select
          label="Operation"
          placeholder="Any operation"
          w={280}
          data={data}
          value={draft.operation || null}
          onChange={(value) => applyNow({ operation: value ?? '' })}
          searchable
          clearable
          nothingFoundMessage="No operation with that name"
          comboboxProps={{ withinPortal: true, width: 360, position: 'bottom-start' }}
          maxDropdownHeight={320}
        />
        <TextInput
          label="Zone"
          placeholder="Part of a name, or ID"
          title="Part of a zone's name, any case (“example” finds example.net and example.com), or its ID"
          aria-describedby={zoneHint}
          w={230}
          autoComplete="off"
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          value={draft.zone}
          onChange={(event) => set('zone', event.currentTarget.value)}
        />
        <Select
          label="Outcome"
          w={140}
          data={OUTCOMES}
          value={draft.outcome}
          allowDeselect={false}
          onChange={(value) => applyNow({ outcome: (value ?? '') as AuditOutcome })}
          comboboxProps={{ withinPortal: true }}
        />
        <TextInput
          type="datetime-local"
          label="Since"
          w={200}
          value={draft.since}
          onChange={(event) => set('since', event.currentTarget.value)}
        />
        <TextInput
          type="datetime-local"
          label="Until"
          w={200}
          value={draft.until}
          onChange={(event) => set('until', event.currentTarget.value)}
          error={invalidRange ? 'Must be after Since' : undefined}
        />
        <Group gap="xs" wrap="nowrap">
          <Button type="submit" leftSection={<IconFilter size={16} aria-hidden />} disabled={invalidRange}>
            Apply filters
          </Button>
          {hasFilters(filters) && (
            <Button variant="subtle" leftSection={<IconX size={16} aria-hidden />} onClick={onClear}>
              Clear filters
            </Button>
          )}
        </Group>
      </Group>
    </Paper>
  );
}
