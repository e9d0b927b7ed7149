// One alert of the queue: what the tool said, how often, when last, its observables, and what became of it.
import { Anchor, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';

import { formatDateTime } from '../../components/dates';
import { typeLabel } from '../observables/labels';
import { ObservableValue } from '../observables/ObservableValue';
import { alertSeverityInfo, statusLabel } from './labels';
import type { Alert } from './types';

export type AlertAction = 'import' | 'merge' | 'ignore';

export function AlertCard({ alert, onAction }: { alert: Alert; onAction?: (a: AlertAction) => void }) {
  const severity = alertSeverityInfo[alert.severity];
  return (
    <Card withBorder radius="md" padding="md" data-testid="alert-card" component="article" aria-label={alert.title}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text fw={600} dir="auto" style={{ overflowWrap: 'anywhere' }}>
              {alert.title}
            </Text>
            <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              <Text span ff="monospace" size="sm">
                {alert.source}
              </Text>
              {' · '}
              <Text span ff="monospace" size="sm">
                {alert.source_ref}
              </Text>
            </Text>
          </Stack>
          <Group gap={6} wrap="nowrap">
            <Badge color={severity.color} variant="light">
              {severity.label}
            </Badge>
            <Badge color="gray" variant="outline">
              {statusLabel[alert.status]}
            </Badge>
          </Group>
        </Group>
        <Text size="sm">
          Seen {alert.occurrences === 1 ? 'once' : `${alert.occurrences} times`}, last{' '}
          {formatDateTime(alert.last_seen_at)}
        </Text>
        {alert.description ? (
          <Text size="sm" c="dimmed" lineClamp={3} dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
            {alert.description}
          </Text>
        ) : null}
        {alert.observables.length > 0 ? (
          <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Observables">
            {alert.observables.map((o) => (
              <Group key={`${o.type} ${o.value}`} component="li" gap="xs" wrap="nowrap" align="flex-start">
                <Text size="xs" c="dimmed" w={90} style={{ flexShrink: 0 }}>
                  {typeLabel[o.type]}
                </Text>
                <ObservableValue value={o.value} lines={1} />
              </Group>
            ))}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            No observables.
          </Text>
        )}
        {alert.status === 'imported' && alert.case_id ? (
          <Text size="sm">
            Imported into{' '}
            <Anchor component={Link} to={`/cases/${alert.case_id}`}>
              its case
            </Anchor>
            {alert.decided_at ? `, ${formatDateTime(alert.decided_at)}` : ''}
          </Text>
        ) : null}
        {alert.status === 'ignored' ? (
          <Text size="sm" dir="auto">
            Ignored: {alert.ignore_reason}
          </Text>
        ) : null}
        {onAction && alert.status === 'new' ? (
          <Group gap="xs">
            <Button size="xs" onClick={() => onAction('import')}>
              Import as case
            </Button>
            <Button size="xs" variant="default" onClick={() => onAction('merge')}>
              Merge into case
            </Button>
            <Button size="xs" variant="subtle" color="red" onClick={() => onAction('ignore')}>
              Ignore
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Card>
  );
}
