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
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys, useDepartments } from '../../api/queries';
import type { Role, User } from '../../api/types';
import { departmentOptions } from '../../components/departments';
import { FormAlert, useFieldErrors } from '../../components/formErrors';
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
  const [values, setValues] = useState<Values>(empty);
  const [passwordMode, setPasswordMode] = useState<'generate' | 'set'>('generate');
  const errors = useFieldErrors(FIELDS);

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
    onError: errors.fromError,
  });

  const set =
    <K extends keyof Values>(field: K & Field) =>
    (value: Values[K]) => {
      setValues((v) => ({ ...v, [field]: value }));
      errors.clear(field);
    };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    errors.reset();
    create.mutate(values);
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormAlert error={create.error} fields={FIELDS} noun="user" />
        <TextInput
          label="Email"
          type="email"
          required
          data-autofocus
          value={values.email}
          onChange={(e) => set('email')(e.currentTarget.value)}
          error={errors.errors.email}
        />
        <TextInput
          label="Name"
          required
          value={values.name}
          onChange={(e) => set('name')(e.currentTarget.value)}
          error={errors.errors.name}
        />
        <Select
          label="Role"
          required
          data={roleOptions}
          value={values.role}
          allowDeselect={false}
          onChange={(v) => v && set('role')(v)}
          error={errors.errors.role}
          description={roleInfo[values.role].summary}
        />
        <Select
          label="Department"
          placeholder={departments.isPending ? 'Loading departments…' : 'No department'}
          data={departmentOptions(departments.data)}
          value={values.department_id}
          onChange={set('department_id')}
          clearable
          searchable
          nothingFoundMessage="No such department"
          description={values.role === 'department_head' ? 'A department head belongs to one department.' : undefined}
          error={errors.errors.department_id}
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
                value={values.password}
                onChange={(e) => set('password')(e.currentTarget.value)}
                error={errors.errors.password}
              />
            ) : (
              <Text size="xs" c="dimmed">
                A strong password is generated and shown once after the account is created.
              </Text>
            )}
          </Stack>
        </Input.Wrapper>
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
