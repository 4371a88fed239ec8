/**
 * A timestamp as people compare them: relative ("3 minutes ago") and absolute with the time zone
 * ("2026-11-23 11:42:07 UTC"), in a `<time>` element carrying the machine-readable value.
 */
import { Text } from '@mantine/core';
import { formatAbsolute, formatRelative } from '../lib/format-time';
import { useNow } from '../lib/use-now';

export interface DateTimeProps {
  value: string | undefined | null;
  /** Shown when there is no value, e.g. "Never". */
  empty?: string;
  size?: 'xs' | 'sm' | 'md';
}

export function DateTime({ value, empty = '—', size = 'sm' }: DateTimeProps) {
  useNow(); // re-renders so the relative text does not go stale
  if (!value) {
    return (
      <Text size={size} c="dimmed" span>
        {empty}
      </Text>
    );
  }
  const absolute = formatAbsolute(value);
  return (
    <Text size={size} span component="time" dateTime={value} title={absolute}>
      {formatRelative(value, Date.now())}{' '}
      <Text span size="xs" c="dimmed" ff="monospace">
        ({absolute})
      </Text>
    </Text>
  );
}
