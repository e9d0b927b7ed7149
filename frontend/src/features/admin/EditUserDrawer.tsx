// Editing an account: name, role, department, disabled. Sent with If-Match; a 412 reloads the account.
// Below the form, the account's two-step sign-in (which can be reset) and its live sessions, each of which can be ended.
import { Button, Divider, Drawer, Group, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys, useDepartments } from '../../api/queries';
import { versioned, type Role, type User, type Versioned } from '../../api/types';
import { formatDateTime } from '../../components/dates';
import { departmentOptions } from '../../components/departments';
import {
  ErrorSummary,
  errorCount,
  FormAlert,
  isStale,
  showServerErrors,
  StaleAlert,
  submitAll,
} from '../../components/formErrors';
import { LoadError, LoadingRows } from '../../components/PageStates';
import { roleInfo } from '../../components/roles';
import { useLatest } from '../../components/useLatest';
import { roleOptions } from './CreateUserDialog';
import { nameProblem } from '../../components/names';
import { useUser } from './queries';
import { UserSecondFactor } from './UserSecondFactor';
import { UserSessions } from './UserSessions';

const FIELDS = ['name', 'role', 'department_id', 'disabled'] as const;

type Changes = { name?: string; role?: Role; department_id?: string | null; disabled?: boolean };
type Values = Required<Changes>;

/** The server's obvious checks, shown with its own answer in the same round. */
const validate = {
  name: (v: string) => nameProblem('Name', v),
  department_id: (v: string | null, values: Values) =>
    values.role === 'department_head' && !v ? 'Department is required for a department head.' : null,
};

/** changedFields is the PATCH body: only what differs from the account as read. */
export function changedFields(user: User, next: Required<Changes>): Changes {
  const body: Changes = {};
  if (next.name.trim() !== user.name) body.name = next.name.trim();
  if (next.role !== user.role) body.role = next.role;
  if (next.department_id !== user.department_id) body.department_id = next.department_id;
  if (next.disabled !== user.disabled) body.disabled = next.disabled;
  return body;
}

function EditForm({
  current,
  onStale,
  onSaved,
  onCancel,
  onResetPassword,
}: {
  current: Versioned<User>;
  onStale: () => void;
  onSaved: () => void;
  onCancel: () => void;
  onResetPassword: (user: User) => void;
}) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const departments = useDepartments();
  // The account as it was when editing began: its ETag goes with the PATCH.
  const [snapshot] = useState(current);
  const user = snapshot.item;
  const form = useForm<Values>({
    initialValues: {
      name: user.name,
      role: user.role,
      department_id: user.department_id ?? null,
      disabled: user.disabled,
    },
    validate,
  });
  const unchanged = Object.keys(changedFields(user, form.values)).length === 0;

  const save = useMutation({
    mutationFn: async (values: Values) => {
      const result = await client.PATCH('/users/{id}', {
        params: { path: { id: user.id }, header: { 'If-Match': snapshot.etag } },
        body: changedFields(user, values),
      });
      return versioned(unwrap(result), result.response);
    },
    onSuccess: (next) => {
      queryClient.setQueryData(queryKeys.users.detail(user.id), next);
      void queryClient.invalidateQueries({ queryKey: queryKeys.users.all });
      onSaved();
    },
    onError: (error) => {
      showServerErrors(form, error, FIELDS);
      if (isStale(error)) onStale();
    },
  });

  const onSubmit = submitAll(form, FIELDS, (values) => save.mutate(values));

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        {isStale(save.error) ? null : <FormAlert error={save.error} fields={FIELDS} noun="user" />}
        <TextInput
          label="Email"
          value={user.email}
          readOnly
          variant="filled"
          description="The sign-in name cannot change."
        />
        <TextInput label="Name" required {...form.getInputProps('name')} />
        <Select
          label="Role"
          data={roleOptions}
          allowDeselect={false}
          {...form.getInputProps('role')}
          description={roleInfo[form.values.role].summary}
        />
        <Select
          label="Department"
          placeholder="No department"
          data={departmentOptions(departments.data)}
          {...form.getInputProps('department_id')}
          clearable
          searchable
        />
        <Switch
          label="Disabled"
          description="A disabled user cannot sign in; their sessions end at once."
          {...form.getInputProps('disabled', { type: 'checkbox' })}
          color="red"
          mt="xs"
        />
        <ErrorSummary count={errorCount(form.errors)} />
        <Group justify="space-between" mt="md">
          <Button variant="subtle" color="gray" onClick={() => onResetPassword(user)}>
            Reset password…
          </Button>
          <Group gap="sm">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={unchanged}>
              Save changes
            </Button>
          </Group>
        </Group>
        <Text size="xs" c="dimmed">
          Account created {formatDateTime(user.created_at)} · version {user.version}
        </Text>
      </Stack>
    </form>
  );
}

/** EditUserDrawer reads the account fresh (with its ETag) and edits it. */
export function EditUserDrawer({
  userId,
  onClose,
  onResetPassword,
}: {
  userId: string | null;
  onClose: () => void;
  onResetPassword: (user: User) => void;
}) {
  // While the drawer slides out, it keeps showing the account it was opened for.
  const shownId = useLatest(userId);
  const user = useUser(shownId);
  const [stale, setStale] = useState(false);
  // Bumped after a 412 and the reload that follows: the form starts again from the stored account.
  const [attempt, setAttempt] = useState(0);
  const close = () => {
    setStale(false);
    onClose();
  };

  return (
    <Drawer opened={userId !== null} onClose={close} position="right" size="md" title="Edit user">
      {user.isPending ? (
        <LoadingRows rows={5} label="Loading the user" />
      ) : user.isError ? (
        <LoadError error={user.error} title="The user could not be loaded" onRetry={() => void user.refetch()} />
      ) : (
        <Stack gap="md">
          {stale ? <StaleAlert noun="user" /> : null}
          <EditForm
            key={`${user.data.item.id}:${attempt}`}
            current={user.data}
            onStale={() => {
              setStale(true);
              void user.refetch().then(() => setAttempt((n) => n + 1));
            }}
            onSaved={close}
            onCancel={close}
            onResetPassword={onResetPassword}
          />
          <Divider />
          <UserSecondFactor user={user.data.item} />
          <Divider />
          <UserSessions user={user.data.item} />
        </Stack>
      )}
    </Drawer>
  );
}
