// "New user": email, name, role, department, and a password chosen or generated (then shown once).
import {
  Button,
  Group,
  Input,
  Modal,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys, useDepartments } from '../../api/queries';
import type { Role, User } from '../../api/types';
import { departmentOptions } from '../../components/departments';
import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { roleInfo } from '../../components/roles';
import { OneTimePassword } from './OneTimePassword';

const FIELDS = ['email', 'name', 'role', 'department_id', 'password'] as const;
type Field = (typeof FIELDS)[number];

export const roleOptions = (Object.keys(roleInfo) as Role[]).map((r) => ({ value: r, label: roleInfo[r].label }));

interface Values {
  email: string;
  name: string;
  role: Role;
  department_id: string | null;
  password: string;
}

const empty: Values = { email: '', name: '', role: 'responder', department_id: null, password: '' };

/** The server's obvious checks, shown with its own answer in the same round; the server stays the authority. */
const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+$/;
export const validateUser =
  (passwordMode: 'generate' | 'set') =>
  (v: Values): Partial<Record<Field, string>> => {
    const e: Partial<Record<Field, string>> = {};
    const email = v.email.trim();
    if (!email) e.email = 'Email is required.';
    else if (!EMAIL.test(email) || email.length > 254) e.email = 'Email must be a valid email address.';
    if (!v.name.trim()) e.name = 'Name is required.';
    else if ([...v.name.trim()].length > 200) e.name = 'Name must be at most 200 characters.';
    if (v.role === 'department_head' && !v.department_id)
      e.department_id = 'Department is required for a department head.';
    if (passwordMode === 'set') {
      const n = [...v.password].length;
      if (n < 12 || n > 256) e.password = 'Password must be 12 to 256 characters.';
    }
    return e;
  };

function CreateForm({
  onCreated,
  onCancel,
}: {
  onCreated: (user: User, password: string | null) => void;
  onCancel: () => void;
}) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const departments = useDepartments();
  const [passwordMode, setPasswordMode] = useState<'generate' | 'set'>('generate');
  const form = useForm<Values>({ initialValues: empty, validate: validateUser(passwordMode) });

  const create = useMutation({
    mutationFn: async (v: Values) =>
      unwrap(
        await client.POST('/users', {
          body: {
            email: v.email.trim(),
            name: v.name.trim(),
            role: v.role,
            department_id: v.department_id,
            password: passwordMode === 'set' ? v.password : undefined,
          },
        }),
      ),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.users.all });
      onCreated(created.user, created.generated_password ?? null);
    },
    onError: (error) => showServerErrors(form, error, FIELDS),
  });

  const onSubmit = submitAll(form, FIELDS, (values) => create.mutate(values));

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormAlert error={create.error} fields={FIELDS} noun="user" />
        <TextInput label="Email" type="email" required data-autofocus {...form.getInputProps('email')} />
        <TextInput label="Name" required {...form.getInputProps('name')} />
        <Select
          label="Role"
          required
          data={roleOptions}
          allowDeselect={false}
          {...form.getInputProps('role')}
          description={roleInfo[form.values.role].summary}
        />
        <Select
          label="Department"
          placeholder={departments.isPending ? 'Loading departments…' : 'No department'}
          data={departmentOptions(departments.data)}
          {...form.getInputProps('department_id')}
          clearable
          searchable
          nothingFoundMessage="No such department"
          description={
            form.values.role === 'department_head' ? 'A department head belongs to one department.' : undefined
          }
        />
        <Input.Wrapper label="Password">
          <Stack gap={6}>
            <SegmentedControl
              value={passwordMode}
              onChange={(v) => setPasswordMode(v)}
              data={[
                { value: 'generate', label: 'Generate one' },
                { value: 'set', label: 'Set it now' },
              ]}
            />
            {passwordMode === 'set' ? (
              <PasswordInput
                aria-label="Password"
                placeholder="At least 12 characters"
                autoComplete="new-password"
                {...form.getInputProps('password')}
              />
            ) : (
              <Text size="xs" c="dimmed">
                A strong password is generated and shown once after the account is created.
              </Text>
            )}
          </Stack>
        </Input.Wrapper>
        <ErrorSummary count={errorCount(form.errors)} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create user
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** CreateUserDialog creates an account; after that it shows the generated password once. */
export function CreateUserDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [created, setCreated] = useState<{ user: User; password: string | null } | null>(null);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      // Forget the created account (and its password) once the dialog has faded out, not while it fades.
      onExitTransitionEnd={() => setCreated(null)}
      title={created ? 'User created' : 'New user'}
      size="lg"
    >
      {created ? (
        <Stack>
          <Text size="sm">
            <b>{created.user.name}</b> ({created.user.email}) can now sign in as{' '}
            {roleInfo[created.user.role].label.toLowerCase()}.
          </Text>
          {created.password ? <OneTimePassword password={created.password} email={created.user.email} /> : null}
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <CreateForm onCancel={onClose} onCreated={(user, password) => setCreated({ user, password })} />
      )}
    </Modal>
  );
}
