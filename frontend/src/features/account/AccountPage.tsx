// The signed-in user's own account: who they are, the time zone times are shown in, changing the
// password, two-step sign-in, the API keys acting for them, and where they are signed in.
import { Alert, Button, Card, Group, PasswordInput, Select, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { IconCircleCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useMemo } from 'react';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { formatDateTime, zoneLabel } from '../../components/dates';
import { browserTimeZone, timeZones } from '../../components/zones';
import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { PageHeader } from '../../components/PageHeader';
import { RoleBadge } from '../../components/RoleBadge';
import { useSignedInUser } from '../../app/auth';
import { NotificationSettings } from '../notifications/NotificationSettings';
import { PersonalKeys } from './PersonalKeys';
import { SecondFactor } from './SecondFactor';
import { Sessions } from './Sessions';

/** zoneOptions lists every zone the browser knows, after "Browser default (…)". */
function zoneOptions(): { value: string; label: string }[] {
  return [
    { value: '', label: `Browser default (${browserTimeZone()})` },
    ...timeZones().map((z) => ({ value: z, label: z.replaceAll('_', ' ') })),
  ];
}

function Profile() {
  const user = useSignedInUser();
  return (
    <Card withBorder padding="lg">
      <Title order={2} fz="h4" mb="sm">
        Profile
      </Title>
      <Stack gap={6}>
        <Text size="sm">
          <Text span fw={600}>
            Name:{' '}
          </Text>
          {user.name}
        </Text>
        <Text size="sm">
          <Text span fw={600}>
            Email:{' '}
          </Text>
          {user.email}
        </Text>
        <Group gap="xs">
          <Text size="sm" fw={600}>
            Role:
          </Text>
          <RoleBadge role={user.role} size="sm" />
        </Group>
        <Text size="sm" c="dimmed">
          Account created {formatDateTime(user.created_at)}. An admin changes your name and role.
        </Text>
      </Stack>
    </Card>
  );
}

const ZONE_FIELDS = ['time_zone'] as const;

function TimeZoneSection() {
  const user = useSignedInUser();
  const { client, session } = useApi();
  const options = useMemo(() => zoneOptions(), []);
  const form = useForm<{ time_zone: string }>({ initialValues: { time_zone: user.time_zone ?? '' } });
  const save = useMutation({
    mutationFn: async ({ time_zone }: { time_zone: string }) =>
      unwrap(await client.PATCH('/me', { body: { time_zone: time_zone || null } })),
    onSuccess: (next) => session.setUser(next),
    onError: (error) => showServerErrors(form, error, ZONE_FIELDS),
  });
  const saved = (user.time_zone ?? '') === form.values.time_zone;
  const onSubmit = submitAll(form, ZONE_FIELDS, (values) => save.mutate(values));
  return (
    <Card withBorder padding="lg" component="form" onSubmit={onSubmit} aria-labelledby="time-zone-title" noValidate>
      <Title order={2} fz="h4" mb="xs" id="time-zone-title">
        Time zone
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Every time in Caseward is shown in this zone, with its name, and times you type are read in it. Now:{' '}
        <Text span fw={600} c="var(--mantine-color-text)" data-testid="current-zone">
          {zoneLabel()}
        </Text>
        .
      </Text>
      <Stack gap="sm">
        <FormAlert error={save.error} fields={ZONE_FIELDS} noun="profile" />
        <Select
          label="Time zone"
          data={options}
          {...form.getInputProps('time_zone')}
          onChange={(v: string | null) => form.setFieldValue('time_zone', v ?? '')}
          searchable
          allowDeselect={false}
          nothingFoundMessage="No such time zone"
          maxDropdownHeight={280}
          maw={360}
        />
        <ErrorSummary count={errorCount(form.errors)} />
        <Group>
          <Button type="submit" loading={save.isPending} disabled={saved}>
            Save time zone
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

const PASSWORD_FIELDS = ['current_password', 'new_password', 'repeat'] as const;
/** The server cannot tell whether the new password was typed the same twice. */
const CLIENT_ONLY = ['repeat'] as const;

interface PasswordValues {
  current_password: string;
  new_password: string;
  repeat: string;
}

/** The server's obvious checks, shown with its own answer in the same round, and the repeat it cannot make. */
const validatePasswords = {
  current_password: (v: string) => (v ? null : 'Current password is required.'),
  new_password: (v: string) => {
    const n = [...v].length;
    return n < 12 || n > 256 ? 'New password must be 12 to 256 characters.' : null;
  },
  repeat: (v: string, values: PasswordValues) =>
    v === values.new_password ? null : 'Repeat the new password exactly: the two differ.',
};

function PasswordSection() {
  const { client } = useApi();
  const form = useForm<PasswordValues>({
    initialValues: { current_password: '', new_password: '', repeat: '' },
    validate: validatePasswords,
  });
  const change = useMutation({
    mutationFn: async ({ current_password, new_password }: PasswordValues) =>
      unwrap(await client.POST('/me/password', { body: { current_password, new_password } })),
    onSuccess: () => form.reset(),
    onError: (error) => showServerErrors(form, error, PASSWORD_FIELDS),
  });
  const onSubmit = submitAll(form, PASSWORD_FIELDS, (values) => change.mutate(values), CLIENT_ONLY);
  return (
    <Card withBorder padding="lg" component="form" onSubmit={onSubmit} aria-labelledby="password-title" noValidate>
      <Title order={2} fz="h4" mb="xs" id="password-title">
        Change password
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        12 to 256 characters, not a common password. Changing it signs you out everywhere else; you stay signed in here.
      </Text>
      <Stack gap="sm" maw={420}>
        <FormAlert error={change.error} fields={PASSWORD_FIELDS} noun="password" />
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          required
          {...form.getInputProps('current_password')}
        />
        <PasswordInput
          label="New password"
          autoComplete="new-password"
          required
          {...form.getInputProps('new_password')}
        />
        <PasswordInput
          label="Repeat the new password"
          autoComplete="new-password"
          required
          {...form.getInputProps('repeat')}
        />
        {change.isSuccess ? (
          <Alert color="green" variant="light" icon={<IconCircleCheck />} role="status" title="Password changed">
            Your other sign-ins have ended.
          </Alert>
        ) : null}
        <ErrorSummary count={errorCount(form.errors)} />
        <Group>
          <Button type="submit" loading={change.isPending}>
            Change password
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export function AccountPage() {
  useDocumentTitle('Your account · Caseward');
  return (
    <Stack gap="lg" maw={820}>
      <PageHeader
        title="Your account"
        description="Your profile, the time zone times are shown in, what you are told about, your password and two-step sign-in, your API keys and where you are signed in."
      />
      <Profile />
      <TimeZoneSection />
      <NotificationSettings />
      <PasswordSection />
      <SecondFactor />
      <PersonalKeys />
      <Sessions />
    </Stack>
  );
}
