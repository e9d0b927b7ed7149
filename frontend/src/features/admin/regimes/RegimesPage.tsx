// Administration › Regimes: the notification regimes a case may fall under, each with its phases
// and deadline rules; an administrator adds a regime, retires one no longer in force, or
// reinstates it. GDPR Art. 33 is every case's own clock and stays.
import { Badge, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconPlus, IconScale } from '@tabler/icons-react';
import { useState } from 'react';

import { errorMessage } from '../../../api/problem';
import { formatDate } from '../../../components/dates';
import { PageHeader } from '../../../components/PageHeader';
import { Empty, LoadError, LoadingRows } from '../../../components/PageStates';
import { type Regime, useRegimes, useRetireRegime } from '../../case/obligations/queries';
import { RegimeDialog } from './RegimeDialog';

function RegimeCard({ regime }: { regime: Regime }) {
  const retire = useRetireRegime();
  const retired = regime.retired;
  return (
    <Card withBorder padding="md" radius="md" data-testid="regime" aria-label={regime.name} component="section">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs">
            <Title order={2} fz="h5">
              {regime.name}
            </Title>
            {retired ? (
              <Badge color="gray" variant="light" radius="sm">
                Retired {formatDate(regime.retired_at)}
              </Badge>
            ) : null}
          </Group>
          {regime.description ? (
            <Text size="sm" c="dimmed">
              {regime.description}
            </Text>
          ) : null}
        </Stack>
        {regime.name !== 'GDPR Art. 33' ? (
          <Button
            variant="default"
            size="xs"
            style={{ flexShrink: 0 }}
            aria-label={`${retired ? 'Reinstate' : 'Retire'} ${regime.name}`}
            loading={retire.isPending}
            onClick={() => retire.mutate({ regime, retired: !retired })}
          >
            {retired ? 'Reinstate' : 'Retire'}
          </Button>
        ) : null}
      </Group>
      <List size="sm" mt="sm" type="ordered">
        {regime.phases.map((p) => (
          <List.Item key={p.position}>
            {p.name} — {p.rule_text}
          </List.Item>
        ))}
      </List>
      {retire.error ? (
        <Text size="sm" c="red" role="alert" mt="xs">
          {errorMessage(retire.error)}
        </Text>
      ) : null}
    </Card>
  );
}

export function RegimesPage() {
  useDocumentTitle('Regimes · Caseward');
  const regimes = useRegimes(true);
  const [creating, setCreating] = useState(false);

  const body = () => {
    if (regimes.isPending) return <LoadingRows label="Loading regimes" />;
    if (regimes.isError) {
      return (
        <LoadError
          error={regimes.error}
          title="The regimes could not be loaded"
          onRetry={() => void regimes.refetch()}
          retrying={regimes.isFetching}
        />
      );
    }
    if (regimes.data.length === 0) {
      return (
        <Empty icon={IconScale} title="No regimes" description="Add the notification regimes your cases fall under." />
      );
    }
    return (
      <Stack gap="md">
        {regimes.data.map((r) => (
          <RegimeCard key={r.id} regime={r} />
        ))}
      </Stack>
    );
  };

  return (
    <>
      <PageHeader
        title="Regimes"
        description="The notification deadlines a case may fall under. Responders add the ones that apply on the case's regulator card."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            New regime
          </Button>
        }
      />
      <Stack mt="lg" maw={760}>
        {body()}
      </Stack>
      <RegimeDialog opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}
