// The case page's Suspensions tab: the services this case took offline, each with its
// restoration plan, and (for admins and responders) the way to suspend one more.
import { Alert, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle, IconPlugConnectedX, IconPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';

import { errorMessage } from '../../api/problem';
import { useSignedInUser } from '../../app/auth';
import { canWriteRestoration } from '../../components/restoration/health';
import { useAllServices, useCaseSuspensions } from '../../components/restoration/queries';
import type { CaseStatus, Suspension } from '../../components/restoration/types';
import type { PlaybookRef } from '../playbooks/types';
import { SuspensionCaseContext } from './mutations';
import { SuspendServiceDialog } from './SuspendServiceDialog';
import { SuspensionPanel } from './SuspensionPanel';

export interface SuspensionsTabProps {
  caseId: string;
  caseStatus: CaseStatus;
  /** Whether the viewer may change this case; write controls also need an admin or responder role. */
  canEdit: boolean;
  /** Called after every change (the case's detail and timeline queries are refreshed already). */
  onChange?: () => void;
  /** The playbook version the case was made from, whose suspension plan a new suspension may take. */
  playbook?: PlaybookRef;
}

const statusRank: Record<Suspension['status'], number> = { active: 0, restored: 1, cancelled: 2 };

/** orderSuspensions: active ones first, then restored, then cancelled; newest first within each. */
export function orderSuspensions(list: Suspension[]): Suspension[] {
  return [...list].sort(
    (a, b) => statusRank[a.status] - statusRank[b.status] || Date.parse(b.suspended_at) - Date.parse(a.suspended_at),
  );
}

export function SuspensionsTab({ caseId, caseStatus, canEdit, onChange, playbook }: SuspensionsTabProps) {
  const user = useSignedInUser();
  const editable = canEdit && canWriteRestoration(user.role);
  const suspensions = useCaseSuspensions(caseId);
  const services = useAllServices();
  const [suspending, setSuspending] = useState(false);
  const closed = caseStatus === 'closed';
  const owner = useMemo(() => ({ caseId, onChange }), [caseId, onChange]);

  const serviceName = (id: string) =>
    services.data?.find((s) => s.id === id)?.name ?? (services.isPending ? '…' : 'Unknown service');

  let body;
  if (suspensions.isPending) {
    body = (
      <Group gap="sm" role="status" aria-live="polite">
        <Loader size="sm" />
        <Text size="sm" c="dimmed">
          Loading suspensions…
        </Text>
      </Group>
    );
  } else if (suspensions.isError) {
    body = (
      <Alert color="red" variant="light" icon={<IconPlugConnectedX />} title="The suspensions could not be loaded">
        <Stack gap="sm">
          <Text size="sm">{errorMessage(suspensions.error)}</Text>
          <div>
            <Button size="xs" color="red" loading={suspensions.isFetching} onClick={() => void suspensions.refetch()}>
              Try again
            </Button>
          </div>
        </Stack>
      </Alert>
    );
  } else if (suspensions.data.length === 0) {
    body = (
      <Paper withBorder p="lg" radius="md" ta="center">
        <Text fw={600}>No service has been suspended in this case</Text>
        <Text size="sm" c="dimmed">
          {editable && !closed
            ? 'When a service has to be taken offline as a precaution, record it here with its restoration plan.'
            : 'Services taken offline for this incident would appear here with their restoration plan.'}
        </Text>
      </Paper>
    );
  } else {
    body = (
      <Stack gap="md">
        {orderSuspensions(suspensions.data).map((s) => (
          <SuspensionPanel
            key={s.id}
            suspension={s}
            serviceName={serviceName(s.service_id)}
            publicName={services.data?.find((svc) => svc.id === s.service_id)?.public_name ?? null}
            editable={editable}
          />
        ))}
      </Stack>
    );
  }

  return (
    <SuspensionCaseContext.Provider value={owner}>
      <Stack gap="md">
        <Group justify="space-between" align="center">
          <div>
            <Title order={2} fz="h3">
              Suspensions
            </Title>
            <Text size="sm" c="dimmed">
              Services taken offline for this incident, and the plan to bring each back.
            </Text>
          </div>
          {editable && !closed && (
            <Button color="red" leftSection={<IconPlus size={16} />} onClick={() => setSuspending(true)}>
              Suspend a service
            </Button>
          )}
        </Group>
        {editable && closed && (
          <Alert color="gray" variant="light" icon={<IconAlertCircle />}>
            The case is closed: reopen it to suspend a service.
          </Alert>
        )}
        {services.isError && (
          <Alert color="orange" variant="light" icon={<IconAlertCircle />} title="Service names could not be loaded">
            {errorMessage(services.error)}
          </Alert>
        )}
        {body}
      </Stack>
      {editable && (
        <SuspendServiceDialog
          caseId={caseId}
          opened={suspending}
          onClose={() => setSuspending(false)}
          services={services.data ?? []}
          servicesLoading={services.isPending}
          playbook={playbook}
        />
      )}
    </SuspensionCaseContext.Provider>
  );
}
