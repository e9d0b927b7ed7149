// The signed-in user's own account: who they are, the time zone times are shown in, and changing the password.
import { Alert, Button, Card, Group, PasswordInput, Select, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { formatDateTime, zoneLabel } from '../../components/dates';
import { browserTimeZone, timeZones } from '../../components/zones';
import { FormAlert, useFieldErrors } from '../../components/formErrors';
import { PageHeader } from '../../components/PageHeader';
import { RoleBadge } from '../../components/RoleBadge';
import { useSignedInUser } from '../../app/auth';

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

function TimeZoneSection() {
  const user = useSignedInUser();
  const { client, session } = useApi();
  const options = useMemo(() => zoneOptions(), []);
  const [zone, setZone] = useState(user.time_zone ?? '');
  const { errors, fromError, reset } = useFieldErrors(['time_zone'] as const);
  const save = useMutation({
    mutationFn: async () => unwrap(await client.PATCH('/me', { body: { time_zone: zone || null } })),
    onMutate: reset,
    onSuccess: (next) => session.setUser(next),
    onError: fromError,
  });
  const saved = (user.time_zone ?? '') === zone;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Card withBorder padding="lg" component="form" onSubmit={onSubmit} aria-labelledby="time-zone-title">
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
      <Group align="flex-end" gap="sm">
        <Select
          label="Time zone"
          data={options}
          value={zone}
          onChange={(v) => setZone(v ?? '')}
          searchable
          allowDeselect={false}
          nothingFoundMessage="No such time zone"
          maxDropdownHeight={280}
          w={360}
          error={errors.time_zone}
        />
        <Button type="submit" loading={save.isPending} disabled={saved}>
          Save time zone
        </Button>
      </Group>
      <FormAlert error={save.error} fields={['time_zone'] as const} noun="profile" />
    </Card>
  );
}

const passwordFields = ['current_password', 'new_password'] as const;

function PasswordSection() {
  const { client } = useApi();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const { errors, fromError, clear, reset } = useFieldErrors(passwordFields);
  const change = useMutation({
    mutationFn: async () =>
      unwrap(await client.POST('/me/password', { body: { current_password: current, new_password: next } })),
    onMutate: reset,
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setRepeat('');
    },
    onError: fromError,
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (next !== repeat) {
      setMismatch(true);
      return;
    }
    change.mutate();
  };
  return (
    <Card withBorder padding="lg" component="form" onSubmit={onSubmit} aria-labelledby="password-title" noValidate>
      <Title order={2} fz="h4" mb="xs" id="password-title">
        Change password
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        12 to 256 characters, not a common password. Changing it signs you out everywhere else; you stay signed in here.
      </Text>
      <Stack gap="sm" maw={420}>
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => {
            setCurrent(e.currentTarget.value);
            clear('current_password');
          }}
          error={errors.current_password}
        />
        <PasswordInput
          label="New password"
          autoComplete="new-password"
          required
          value={next}
          onChange={(e) => {
            setNext(e.currentTarget.value);
            clear('new_password');
          }}
          error={errors.new_password}
        />
        <PasswordInput
          label="Repeat the new password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(e) => {
            setRepeat(e.currentTarget.value);
            setMismatch(false);
          }}
          error={mismatch ? 'The two new passwords differ.' : undefined}
        />
        <FormAlert error={change.error} fields={passwordFields} noun="password" />
        {change.isSuccess ? (
          <Alert color="green" variant="light" icon={<IconCircleCheck />} role="status" title="Password changed">
            Your other sign-ins have ended.
          </Alert>
        ) : null}
        <Group>
          <Button type="submit" loading={change.isPending} disabled={!current || !next || !repeat}>
            Change password
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export function AccountPage() {
  return (
    <Stack gap="lg" maw={820}>
      <PageHeader
        title="Your account"
        description="Your profile, the time zone times are shown in, and your password."
      />
      <Profile />
      <TimeZoneSection />
      <PasswordSection />
    </Stack>
  );
}
