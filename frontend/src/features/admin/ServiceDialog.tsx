// Registering or editing a service: name, description, department, and (administrators only)
// the public name that puts it on the public status page. Edits go with If-Match.
import { Button, Group, Modal, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys, useDepartments } from '../../api/queries';
import { etagOf, type Service } from '../../api/types';
import { useAuth } from '../../app/auth';
import { departmentOptions } from '../../components/departments';
import { ErrorSummary, errorCount, FormAlert, isStale, showServerErrors, submitAll } from '../../components/formErrors';
import { nameProblem } from '../../components/names';

const FIELDS = ['name', 'department_id', 'description', 'public_name'] as const;

interface Values {
  name: string;
  description: string;
  department_id: string | null;
  public_name: string;
}

/** validateService makes the server's obvious checks, so they show with its own answer in the same round. */
export const validateService = {
  name: (v: string) => nameProblem('Name', v),
  department_id: (v: string | null) => (v ? null : 'Department is required.'),
  description: (v: string) => ([...v.trim()].length > 4000 ? 'Description must be at most 4000 characters.' : null),
  public_name: (v: string) => ([...v.trim()].length > 200 ? 'Public name must be at most 200 characters.' : null),
};

function ServiceForm({
  service,
  defaultDepartment,
  onDone,
}: {
  service: Service | null;
  defaultDepartment: string | null;
  onDone: () => void;
}) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const departments = useDepartments();
  const isAdmin = useAuth().user?.role === 'admin';
  const form = useForm<Values>({
    initialValues: {
      name: service?.name ?? '',
      description: service?.description ?? '',
      department_id: service?.department_id ?? defaultDepartment,
      public_name: service?.public_name ?? '',
    },
    validate: validateService,
  });

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const publicName = v.public_name.trim();
      // Only administrators set the public name; other roles leave it as it is.
      const body = {
        name: v.name.trim(),
        description: v.description.trim(),
        department_id: v.department_id ?? '',
        ...(isAdmin ? { public_name: publicName === '' ? null : publicName } : {}),
      };
      if (!service) return unwrap(await client.POST('/services', { body }));
      return unwrap(
        await client.PATCH('/services/{id}', {
          params: { path: { id: service.id }, header: { 'If-Match': etagOf(service.version) } },
          body,
        }),
      );
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.services.all });
      onDone();
    },
    onError: (error) => {
      showServerErrors(form, error, FIELDS);
      if (isStale(error)) void queryClient.invalidateQueries({ queryKey: queryKeys.services.all });
    },
  });

  const onSubmit = submitAll(form, FIELDS, (values) => save.mutate(values));

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormAlert error={save.error} fields={FIELDS} noun="service" />
        <TextInput
          label="Name"
          required
          data-autofocus
          placeholder="e.g. Revalidation Toolkit"
          {...form.getInputProps('name')}
        />
        <Select
          label="Department"
          required
          placeholder="The department that owns it"
          data={departmentOptions(departments.data)}
          searchable
          {...form.getInputProps('department_id')}
        />
        <Textarea label="Description" autosize minRows={3} maxRows={8} {...form.getInputProps('description')} />
        <TextInput
          label="Public name"
          placeholder="e.g. Revalidation portal"
          description={
            isAdmin
              ? 'With a public name the service appears, under that name only, on the public status page (/status), with its state and public updates. Leave empty to keep it off that page.'
              : 'The name on the public status page (/status). Only an administrator can change it.'
          }
          disabled={!isAdmin}
          maxLength={200}
          {...form.getInputProps('public_name')}
        />
        <ErrorSummary count={errorCount(form.errors)} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {service ? 'Save changes' : 'Register service'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ServiceDialog({
  opened,
  service,
  defaultDepartment,
  onClose,
}: {
  opened: boolean;
  service: Service | null;
  defaultDepartment: string | null;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={service ? `Edit ${service.name}` : 'New service'} size="lg">
      <ServiceForm
        key={service?.id ?? 'new'}
        service={service}
        defaultDepartment={defaultDepartment}
        onDone={onClose}
      />
    </Modal>
  );
}
