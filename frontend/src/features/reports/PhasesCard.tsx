// How long a case's phases took, each from its detection, and each suspended service's downtime
// (docs/figures.md defines them).
import { Badge, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

import { LoadError } from '../../components/PageStates';
import { formatDuration } from '../../components/restoration/format';
import { phaseLines } from './phases';
import { useCasePhases } from './queries';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap" align="baseline">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={600} ta="right">
        {children}
      </Text>
    </Group>
  );
}

export function PhasesCard({ caseId }: { caseId: string }) {
  const phases = useCasePhases(caseId);
  return (
    <Card withBorder radius="md" padding="lg" data-testid="phases-card">
      <Stack gap="sm">
        <Title order={2} fz="h4">
          Phase durations
        </Title>
        {phases.isPending ? (
          <Stack gap="xs" aria-busy="true" aria-label="Loading the phase durations">
            <Skeleton h={18} />
            <Skeleton h={18} />
            <Skeleton h={18} />
          </Stack>
        ) : phases.isError ? (
          <LoadError
            error={phases.error}
            title="The phase durations could not be loaded"
            onRetry={() => void phases.refetch()}
            retrying={phases.isFetching}
          />
        ) : (
          <>
            <Text size="xs" c="dimmed">
              From the detection of the incident.
            </Text>
            {phaseLines(phases.data).map((l) => (
              <Row key={l.label} label={l.label}>
                {l.value}
              </Row>
            ))}
            <Title order={3} fz="sm" mt="xs">
              Downtime per service
            </Title>
            {phases.data.downtime.length === 0 ? (
              <Text size="sm" c="dimmed">
                No service was suspended.
              </Text>
            ) : (
              phases.data.downtime.map((d) => (
                <Row key={d.service_id} label={d.service_name}>
                  {formatDuration(d.downtime_seconds)}
                  {d.running ? (
                    <Badge ml={6} size="xs" color="red" variant="light">
                      still down
                    </Badge>
                  ) : null}
                </Row>
              ))
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}
