// "Suspend a service": pick an operational service, say why and who decided, and when it should be back.
import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';

import type { Service } from '../../components/restoration/types';
import { formProblem } from '../../components/formErrors';
import { useSuspendService } from './mutations';
import {
  detailFields,
  emptyDetails,
  requiredErrors,
  SuspensionFields,
  toDetailsBody,
  type DetailField,
  type DetailValues,
} from './SuspensionFields';

const fields = ['service_id', ...detailFields] as const;
type Field = (typeof fields)[number];

interface Props {
  caseId: string;
  opened: boolean;
  onClose: () => void;
  services: Service[];
  servicesLoading: boolean;
}

export function SuspendServiceDialog({ caseId, opened, onClose, services, servicesLoading }: Props) {
  const suspend = useSuspendService(caseId);
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [values, setValues] = useState<DetailValues>(emptyDetails);
  const [localErrors, setLocalErrors] = useState<Partial<Record<Field, string>>>({});

  const server = formProblem<Field>(suspend.error, fields, 'The service could not be suspended');
  const errors = { ...server.fields, ...localErrors };
  const operational = services.filter((s) => s.status === 'operational');

  const close = () => {
    suspend.reset();
    setLocalErrors({});
    setServiceId(null);
    setValues(emptyDetails);
    onClose();
  };

  const change = <K extends DetailField>(field: K, value: DetailValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setLocalErrors(({ [field]: _, ...rest }) => rest);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const missing: Partial<Record<Field, string>> = requiredErrors(values);
    if (!serviceId) missing.service_id = 'Choose the service to take offline.';
    setLocalErrors(missing);
    if (!serviceId || Object.keys(missing).length > 0) {
      suspend.reset();
      return;
    }
    const details = toDetailsBody(values);
    suspend.mutate(
      { ...details, service_id: serviceId, reason: details.reason ?? '', decided_by: details.decided_by ?? '' },
      { onSuccess: close },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="Suspend a service" size="lg" centered>
      <form onSubmit={onSubmit} noValidate aria-label="Suspend a service">
        <Stack gap="sm">
          {server.form && (
            <Alert color="red" variant="light" icon={<IconAlertCircle />} title={server.form.title} role="alert">
              {server.form.message}
            </Alert>
          )}
          <Select
            label="Service"
            placeholder={servicesLoading ? 'Loading services…' : 'Choose an operational service'}
            withAsterisk
            searchable
            data={operational.map((s) => ({ value: s.id, label: s.name }))}
            value={serviceId}
            onChange={(v) => {
              setServiceId(v);
              setLocalErrors(({ service_id: _, ...rest }) => rest);
            }}
            nothingFoundMessage="No operational service matches"
            error={errors.service_id}
            comboboxProps={{ withinPortal: true }}
          />
          {!servicesLoading && operational.length === 0 && (
            <Text size="sm" c="dimmed">
              Every service is already suspended, or none is registered yet.
            </Text>
          )}
          <SuspensionFields values={values} errors={errors} onChange={change} />
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
