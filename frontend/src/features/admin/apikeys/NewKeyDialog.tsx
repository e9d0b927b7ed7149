// "New key" for another tool: its name, role, the account it acts for (a user role's account, chosen
// from those holding the role; a tool's role acts for the admin making it), an expiry day and an
// optional rate. On 201 the dialog shows the token once (NewKeyModal); a 422 shows on the fields, keeping what was typed.
import { Button, Group, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';

import { useUserDirectory } from '../../../api/queries';
import type { APIKeyCreated, APIKeyRole, CreateAPIKeyRequest, User } from '../../../api/types';
import { useSignedInUser } from '../../../app/auth';
import { expiresAt, expiryBounds, expiryProblem, TOOL_EXPIRY } from '../../../components/apikeys/expiry';
import { isUserRole, keyRoleInfo, keyRoleOptions } from '../../../components/apikeys/labels';
import { NewKeyModal } from '../../../components/apikeys/NewKeyModal';
import { formatCalendarDay, zoneLabel } from '../../../components/dates';
import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../../components/formErrors';
import { nameProblem } from '../../../components/names';
import { useCreateAPIKey } from './queries';

const FIELDS = ['name', 'role', 'user_id', 'expires_at', 'rate_per_minute'] as const;
/** Without an account or an expiry the request would mean something else (the caller's account) or nothing. */
const CLIENT_ONLY = ['user_id', 'expires_at'] as const;
/** The form's labels, for the server's messages about its fields. */
const LABELS = { user_id: 'Acts for', expires_at: 'Expires on', rate_per_minute: 'Requests per minute' };
const MAX_RATE = 60_000;

interface Values {
  name: string;
  role: APIKeyRole;
  user_id: string | null;
  /** The day the key expires at the end of, as the date input gives it. */
  expires_at: string;
  rate_per_minute: number | string;
}

/** accountFor is the account a key of role starts out acting for: the one chosen if it holds the role, else me if I do. */
function accountFor(role: APIKeyRole, chosen: User | undefined, me: User): string | null {
  if (!isUserRole(role)) return null;
  if (chosen && chosen.role === role) return chosen.id;
  return me.role === role ? me.id : null;
}

function body(v: Values): CreateAPIKeyRequest {
  return {
    name: v.name.trim(),
    role: v.role,
    user_id: isUserRole(v.role) ? v.user_id : undefined,
    expires_at: expiresAt(v.expires_at) ?? '',
    rate_per_minute: v.rate_per_minute === '' ? undefined : Number(v.rate_per_minute),
  };
}

function NewKeyForm({ onCreated, onCancel }: { onCreated: (c: APIKeyCreated) => void; onCancel: () => void }) {
  const me = useSignedInUser();
  const users = useUserDirectory(true);
  const [bounds] = useState(() => expiryBounds(TOOL_EXPIRY));
  const create = useCreateAPIKey();
  const form = useForm<Values>({
    initialValues: { name: '', role: 'read_only', user_id: null, expires_at: bounds.initial, rate_per_minute: '' },
    validate: {
      name: (v) => nameProblem('Name', v, 100),
      user_id: (v, values) =>
        isUserRole(values.role) && !v ? 'Acts for is required: choose the account the key acts for.' : null,
      expires_at: (v) => expiryProblem(v, bounds, TOOL_EXPIRY),
      rate_per_minute: (v) =>
        v === '' || (Number.isInteger(Number(v)) && Number(v) >= 1 && Number(v) <= MAX_RATE)
          ? null
          : 'Requests per minute must be a whole number from 1 to 60 000.',
    },
  });
  const role = form.values.role;
  const accounts = (users.data ?? []).filter((u) => !u.disabled && u.role === role);
  const onSubmit = submitAll(
    form,
    FIELDS,
    (v) =>
      create.mutate(body(v), {
        onSuccess: onCreated,
        onError: (error) => showServerErrors(form, error, FIELDS, LABELS),
      }),
    CLIENT_ONLY,
  );
  const chooseRole = (next: string | null) => {
    if (!next) return;
    const r = next as APIKeyRole;
    form.setFieldValue('role', r);
    const chosen = users.data?.find((u) => u.id === form.values.user_id);
    form.setFieldValue('user_id', accountFor(r, chosen, me));
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormAlert error={create.error} fields={FIELDS} noun="API key" />
        <TextInput
          label="Name"
          description="What the key is for, e.g. “SIEM alert forwarder”"
          required
          maxLength={100}
          data-autofocus
          {...form.getInputProps('name')}
        />
        <Select
          label="Role"
          required
          data={keyRoleOptions}
          allowDeselect={false}
          {...form.getInputProps('role')}
          onChange={chooseRole}
          description={
            isUserRole(role)
              ? `The key acts as the account below, which must be ${keyRoleInfo[role].label.toLowerCase()}.`
              : keyRoleInfo[role].summary
          }
        />
        {isUserRole(role) ? (
          <Select
            label="Acts for"
            required
            placeholder={users.isPending ? 'Loading accounts…' : 'Choose an account'}
            data={accounts.map((u) => ({
              value: u.id,
              label: u.id === me.id ? `${u.name} (${u.email}) — you` : `${u.name} (${u.email})`,
            }))}
            searchable
            nothingFoundMessage={`No enabled account is ${keyRoleInfo[role].label.toLowerCase()}`}
            description="What the key does is done as this account, seeing what it may see."
            {...form.getInputProps('user_id')}
          />
        ) : (
          <Stack gap={2}>
            <Text size="sm" fw={500}>
              Acts for
            </Text>
            <Text size="sm">
              You: {me.name} ({me.email})
            </Text>
            <Text size="xs" c="dimmed">
              Alert-intake and read-only keys act for the administrator who makes them.
            </Text>
          </Stack>
        )}
        <TextInput
          type="date"
          label="Expires on"
          required
          min={bounds.min}
          max={bounds.max}
          description={`The key stops working at the end of that day (23:59, ${zoneLabel()}); ${formatCalendarDay(bounds.max)} at the latest.`}
          {...form.getInputProps('expires_at')}
        />
        <NumberInput
          label="Requests per minute"
          description="Optional: the key's own limit, 1 to 60 000. Empty: a signed-in person's limit."
          min={1}
          max={MAX_RATE}
          allowDecimal={false}
          allowNegative={false}
          thousandSeparator=" "
          {...form.getInputProps('rate_per_minute')}
        />
        <ErrorSummary count={errorCount(form.errors)} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Make key
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** NewKeyDialog makes a key; then it shows the token once, and forgets it when it closes. */
export function NewKeyDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <NewKeyModal
      opened={opened}
      onClose={onClose}
      title="New API key"
      form={(onCreated) => <NewKeyForm onCancel={onClose} onCreated={onCreated} />}
    />
  );
}
