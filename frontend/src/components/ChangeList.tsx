// An audit event's changed fields, each as old → new.
import { Box, Group, Text } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';

import type { Changes } from '../api/types';
import { formatDateTime } from './dates';

const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** showValue renders one side of a change in words; null for "no value". */
export function showValue(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return isoTime.test(value) ? formatDateTime(value) : value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? null : value.map((v) => showValue(v) ?? '—').join(', ');
  return JSON.stringify(value);
}

/**
 * fieldLabel turns snake_case field names into words: "regulator_notified_at" → "Regulator
 * notified at"; references lose their id: "owner_id" → "Owner", "member_ids" → "Members".
 */
export function fieldLabel(field: string): string {
  const words = field.replace(/_ids$/, 's').replace(/_id$/, '').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The fields whose values are user ids, shown by name when the caller can name them. */
const personFields = new Set(['owner_id', 'member_ids']);

function Value({ value, strike = false }: { value: unknown; strike?: boolean }) {
  const shown = showValue(value);
  if (shown === null) {
    return (
      <Text span size="sm" c="dimmed" fs="italic">
        empty
      </Text>
    );
  }
  return (
    <Text
      span
      size="sm"
      c={strike ? 'dimmed' : undefined}
      td={strike ? 'line-through' : undefined}
      style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
    >
      {shown}
    </Text>
  );
}

/**
 * ChangeList shows `{field: [old, new]}` as a compact table (rows wrap on a phone); fields in `omit` are left out.
 * `onlyNew` shows just the new values (a record's creation, where every old value is empty).
 */
export function ChangeList({
  changes,
  omit = [],
  onlyNew = false,
  name,
}: {
  changes: Changes;
  omit?: string[];
  onlyNew?: boolean;
  /** Names a user id, for the fields that hold them (owner, members). */
  name?: (id: string) => string;
}) {
  const named = (field: string, value: unknown): unknown => {
    if (!name || !personFields.has(field)) return value;
    if (typeof value === 'string') return name(value);
    return Array.isArray(value) ? (value as unknown[]).map((v) => (typeof v === 'string' ? name(v) : v)) : value;
  };
  const entries = Object.entries(changes)
    .filter(([field]) => !omit.includes(field))
    .map(([field, [before, after]]): [string, [unknown, unknown]] => [
      field,
      [named(field, before), named(field, after)],
    ]);
  if (entries.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No field changes recorded.
      </Text>
    );
  }
  // A table in its semantics, but each row wraps: on a phone the value goes under its field's
  // name at full width rather than into a column a few characters wide.
  return (
    <Box role="table" data-testid="change-list" style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
      <Box role="rowgroup" style={{ display: 'contents' }}>
        {entries.map(([field, pair]) => {
          const [before, after] = pair;
          return (
            <Box role="row" key={field} px="xs" style={{ display: 'flex', flexWrap: 'wrap', columnGap: 12, rowGap: 0 }}>
              <Box role="cell" style={{ flex: '0 0 12rem', maxWidth: '100%' }}>
                <Text size="sm" c="dimmed" title={field}>
                  {fieldLabel(field)}
                </Text>
              </Box>
              <Box role="cell" style={{ flex: '1 1 12rem', minWidth: 0 }}>
                <Group gap={6} wrap="wrap" align="flex-start" style={{ rowGap: 0 }}>
                  {onlyNew ? null : (
                    <>
                      <Value value={before} strike />
                      <IconArrowRight size={14} style={{ flexShrink: 0, marginTop: 3 }} aria-label="changed to" />
                    </>
                  )}
                  <Value value={after} />
                </Group>
              </Box>
            </Box>
          );
        })}
      </Box>
    </Box>
  );
}
