// What the signed chain check line of a JSON-lines audit export says about the events in it.
import { Alert, Text } from '@mantine/core';
import { IconAlertOctagon, IconShieldCheck } from '@tabler/icons-react';

import type { ChainCheck } from './jsonl';

export function ChainCheckResult({ check }: { check: ChainCheck }) {
  if (check.valid) {
    return (
      <Alert color="teal" variant="light" icon={<IconShieldCheck />} title="Chain valid" data-testid="chain-check">
        <Text size="sm">
          Chain valid with {check.checked.toLocaleString('en')} {check.checked === 1 ? 'event' : 'events'}: every
          exported event&apos;s hash recomputes and each links to the one before it.
        </Text>
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="filled" icon={<IconAlertOctagon />} title="Chain invalid" data-testid="chain-check">
      <Text size="sm">
        Chain invalid at seq {check.first_invalid_seq ?? '?'}: that event or one before it was altered, removed or
        inserted. {check.checked.toLocaleString('en')} events verified before it.
      </Text>
    </Alert>
  );
}
