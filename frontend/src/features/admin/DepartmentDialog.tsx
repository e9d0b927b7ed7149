// Creating or renaming a department; a rename is sent with If-Match and a 412 reloads the list.
import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import { etagOf, type Department } from '../../api/types';
import { ErrorSummary, errorCount, FormAlert, isStale, showServerErrors, submitAll } from '../../components/formErrors';
import { nameProblem } from '../../components/names';

const FIELDS = ['name'] as const;

interface Values {
  name: string;
}

function DepartmentForm({ department, onDone }: { department: Department | null; onDone: () => void }) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: { name: department?.name ?? '' },
    validate: { name: (v) => nameProblem('Name', v) },
  });

  const save = useMutation({
    mutationFn: async ({ name }: Values) =>
      department
        ? unwrap(
            await client.PATCH('/departments/{id}', {
              params: { path: { id: department.id }, header: { 'If-Match': etagOf(department.version) } },
              body: { name: name.trim() },
            }),
          )
        : unwrap(await client.POST('/departments', { body: { name: name.trim() } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.departments.all });
      onDone();
    },
    onError: (error) => {
      showServerErrors(form, error, FIELDS);
      if (isStale(error)) void queryClient.invalidateQueries({ queryKey: queryKeys.departments.all });
    },
  });

  const onSubmit = submitAll(form, FIELDS, (values) => save.mutate(values));

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormAlert error={save.error} fields={FIELDS} noun="department" />
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <ErrorSummary count={errorCount(form.errors)} />
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
