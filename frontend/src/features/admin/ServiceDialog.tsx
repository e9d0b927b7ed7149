// Registering or editing a service: name, description, department, and (administrators only)
// the public name that puts it on the public status page. Edits go with If-Match.
import { Button, Group, Modal, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys, useDepartments } from '../../api/queries';
import { etagOf, type Service } from '../../api/types';
import { useAuth } from '../../app/auth';
import { departmentOptions } from '../../components/departments';
import { FormAlert, isStale, useFieldErrors } from '../../components/formErrors';

const FIELDS = ['name', 'description', 'department_id', 'public_name'] as const;

interface Values {
  name: string;
  description: string;
  department_id: string | null;
  public_name: string;
}

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
  const [values, setValues] = useState<Values>({
    name: service?.name ?? '',
    description: service?.description ?? '',
    department_id: service?.department_id ?? defaultDepartment,
    public_name: service?.public_name ?? '',
  });
  const errors = useFieldErrors(FIELDS);

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
      errors.fromError(error);
      if (isStale(error)) void queryClient.invalidateQueries({ queryKey: queryKeys.services.all });
    },
  });

  const set =
    <K extends keyof Values>(field: K) =>
    (value: Values[K]) => {
      setValues((v) => ({ ...v, [field]: value }));
      errors.clear(field);
    };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    errors.reset();
    save.mutate(values);
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormAlert error={save.error} fields={FIELDS} noun="service" />
        <TextInput
          label="Name"
          required
          data-autofocus
          placeholder="e.g. Revalidation Toolkit"
          value={values.name}
          onChange={(e) => set('name')(e.currentTarget.value)}
          error={errors.errors.name}
        />
        <Select
          label="Department"
          required
          placeholder="The department that owns it"
          data={departmentOptions(departments.data)}
          value={values.department_id}
          onChange={set('department_id')}
          searchable
          error={errors.errors.department_id}
        />
        <Textarea
          label="Description"
          autosize
          minRows={3}
          maxRows={8}
          value={values.description}
          onChange={(e) => set('description')(e.currentTarget.value)}
          error={errors.errors.description}
        />
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
          value={values.public_name}
          onChange={(e) => set('public_name')(e.currentTarget.value)}
          error={errors.errors.public_name}
        />
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
