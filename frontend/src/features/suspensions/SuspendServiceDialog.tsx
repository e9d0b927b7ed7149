// "Suspend a service": pick an operational service, say why and who decided, and when it should be back.
import { Button, Checkbox, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';

import type { CreateSuspensionRequest, Service } from '../../components/restoration/types';
import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { usePlaybookVersion } from '../playbooks/queries';
import type { PlaybookRef } from '../playbooks/types';
import { useSuspendService } from './mutations';
import {
  detailFields,
  detailLabels,
  emptyDetails,
  requiredErrors,
  SuspensionFields,
  toDetailsBody,
  type DetailValues,
} from './SuspensionFields';

const FIELDS = ['service_id', ...detailFields] as const;

interface Values extends DetailValues {
  service_id: string | null;
}

const empty: Values = { service_id: null, ...emptyDetails };

const validate = (v: Values) => ({
  ...(v.service_id ? {} : { service_id: 'Service is required: choose the service to take offline.' }),
  ...requiredErrors(v),
});

/** toRequest builds the body; a missing service is left out, for the server to name with the rest. */
function toRequest(v: Values): CreateSuspensionRequest {
  const details = toDetailsBody(v);
  return {
    ...details,
    reason: details.reason ?? '',
    decided_by: details.decided_by ?? '',
    ...(v.service_id ? { service_id: v.service_id } : {}),
  } as CreateSuspensionRequest;
}

interface Props {
  caseId: string;
  opened: boolean;
  onClose: () => void;
  services: Service[];
  servicesLoading: boolean;
  /** The playbook version the case was made from: its suspension plan may be added. */
  playbook?: PlaybookRef;
}

export function SuspendServiceDialog({ caseId, opened, onClose, services, servicesLoading, playbook }: Props) {
  const form = useForm<Values>({ name: 'suspend-service', initialValues: empty, validate });
  const plan = usePlaybookVersion(opened ? playbook : null).data?.milestones ?? [];
  const [withPlan, setWithPlan] = useState(true);
  const suspend = useSuspendService(caseId, (error) => showServerErrors(form, error, FIELDS, detailLabels));
  const operational = services.filter((s) => s.status === 'operational');

  const close = () => {
    suspend.reset();
    form.reset();
    onClose();
  };

  const onSubmit = submitAll(form, FIELDS, (values) =>
    suspend.mutate(
      { ...toRequest(values), ...(plan.length > 0 && withPlan ? { playbook_milestones: true } : {}) },
      { onSuccess: close },
    ),
  );

  return (
    <Modal opened={opened} onClose={close} title="Suspend a service" size="lg" centered>
      <form onSubmit={onSubmit} noValidate aria-label="Suspend a service">
        <Stack gap="sm">
          <FormAlert error={suspend.error} fields={FIELDS} noun="suspension" />
          <Select
            label="Service"
            placeholder={servicesLoading ? 'Loading services…' : 'Choose an operational service'}
            withAsterisk
            searchable
            data={operational.map((s) => ({ value: s.id, label: s.name }))}
            {...form.getInputProps('service_id')}
            nothingFoundMessage="No operational service matches"
            comboboxProps={{ withinPortal: true }}
          />
          {!servicesLoading && operational.length === 0 && (
            <Text size="sm" c="dimmed">
              Every service is already suspended, or none is registered yet.
            </Text>
          )}
          <SuspensionFields form={form} />
          {playbook && plan.length > 0 ? (
            <Checkbox
              label={`Add the suspension plan of ${playbook.name}: ${plan.map((m) => m.title).join(', ')}`}
              description="Each milestone falls due its offset after the suspension began."
              checked={withPlan}
              onChange={(e) => setWithPlan(e.currentTarget.checked)}
            />
          ) : null}
          <ErrorSummary count={errorCount(form.errors)} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={suspend.isPending}>
              Suspend service
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
