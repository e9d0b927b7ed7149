// Creating or renaming a department; a rename is sent with If-Match and a 412 reloads the list.
import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import { etagOf, type Department } from '../../api/types';
import { FormAlert, isStale, useFieldErrors } from '../../components/formErrors';

const FIELDS = ['name'] as const;

function DepartmentForm({ department, onDone }: { department: Department | null; onDone: () => void }) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const [name, setName] = useState(department?.name ?? '');
  const errors = useFieldErrors(FIELDS);

  const save = useMutation({
    mutationFn: async (value: string) =>
      department
        ? unwrap(
            await client.PATCH('/departments/{id}', {
              params: { path: { id: department.id }, header: { 'If-Match': etagOf(department.version) } },
              body: { name: value },
            }),
          )
        : unwrap(await client.POST('/departments', { body: { name: value } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.departments.all });
      onDone();
    },
    onError: (error) => {
      errors.fromError(error);
      if (isStale(error)) void queryClient.invalidateQueries({ queryKey: queryKeys.departments.all });
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    errors.reset();
    save.mutate(name.trim());
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormAlert error={save.error} fields={FIELDS} noun="department" />
        <TextInput
          label="Name"
          required
          data-autofocus
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            errors.clear('name');
          }}
          error={errors.errors.name}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {department ? 'Rename' : 'Create department'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** DepartmentDialog: `department` null creates a new one, otherwise renames it. */
export function DepartmentDialog({
  opened,
  department,
  onClose,
}: {
  opened: boolean;
  department: Department | null;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={department ? `Rename ${department.name}` : 'New department'}>
      <DepartmentForm key={department?.id ?? 'new'} department={department} onDone={onClose} />
    </Modal>
  );
}
