// "Where you are signed in" on the account page: my live sign-ins with their device, address and
// times, this one marked; signing out another after a confirmation, or every other at once; and
// signing out here through the app's own sign-out.
import { Button, Card, Group, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';

import type { SignInSession } from '../../api/types';
import { useAuth } from '../../app/auth';
import { formatDateTime } from '../../components/dates';
import { LoadError, LoadingRows } from '../../components/PageStates';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { deviceLabel } from '../../components/sessions/deviceLabel';
import { ALREADY_ENDED, type EndOutcome } from '../../components/sessions/endOutcome';
import { EndSessionDialog } from '../../components/sessions/EndSessionDialog';
import { Address, Device, EndedNotice } from '../../components/sessions/SessionParts';
import { useLatest } from '../../components/useLatest';
import { useEndMySession, useEndOtherSessions, useMySessions } from './sessionQueries';

function SessionRow({ session: s, onEnd }: { session: SignInSession; onEnd: () => void }) {
  const label = deviceLabel(s.user_agent);
  return (
    <Table.Tr data-testid="session-row">
      <Table.Td>
        <Device session={s} />
      </Table.Td>
      <Table.Td data-label="Address">
        <Address session={s} />
      </Table.Td>
      <Table.Td data-label="Signed in">
        <Text size="sm">{formatDateTime(s.created_at)}</Text>
      </Table.Td>
      <Table.Td data-label="Last active">
        <Text size="sm">{formatDateTime(s.last_used_at)}</Text>
      </Table.Td>
      <Table.Td data-corner>
        <Button
          size="compact-sm"
          variant="default"
          onClick={onEnd}
          aria-label={s.current ? 'Sign out here' : `Sign out ${label}, last active ${formatDateTime(s.last_used_at)}`}
        >
          {s.current ? 'Sign out here' : 'Sign out'}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

export function Sessions() {
  const sessions = useMySessions();
  const end = useEndMySession();
  const endOthers = useEndOtherSessions();
  const auth = useAuth();
  const navigate = useNavigate();
  const [ending, setEnding] = useState<SignInSession | null>(null);
  const [endingOthers, setEndingOthers] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // While the dialog fades out, it keeps naming the sign-in it was opened for.
  const shown = useLatest(ending);

  const items = sessions.data ?? [];
  const others = items.filter((s) => !s.current);
  const done = (outcome: EndOutcome) => setNotice(outcome === 'gone' ? ALREADY_ENDED : null);

  const signOutHere = async () => {
    await auth.signOut();
    await navigate('/login', { replace: true });
  };
  const onEnd = (s: SignInSession) => {
    if (s.current) void signOutHere();
    else setEnding(s);
  };
  const closeOne = () => {
    end.reset();
    setEnding(null);
  };
  const closeOthers = () => {
    endOthers.reset();
    setEndingOthers(false);
  };

  let body;
  if (sessions.isPending) body = <LoadingRows rows={2} label="Loading your sign-ins" />;
  else if (sessions.isError) {
    body = (
      <LoadError
        error={sessions.error}
        title="Your sign-ins could not be loaded"
        onRetry={() => void sessions.refetch()}
        retrying={sessions.isFetching}
      />
    );
  } else {
    body = (
      <ResponsiveTable minWidth={680} verticalSpacing="xs" aria-label="Your sign-ins">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Device</Table.Th>
            <Table.Th w={170}>Address</Table.Th>
            <Table.Th>Signed in</Table.Th>
            <Table.Th>Last active</Table.Th>
            <Table.Th w={120}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((s) => (
            <SessionRow key={s.id} session={s} onEnd={() => onEnd(s)} />
          ))}
        </Table.Tbody>
      </ResponsiveTable>
    );
  }

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="sessions-title">
      <Group justify="space-between" align="flex-start" mb="xs" gap="sm">
        <Title order={2} fz="h4" id="sessions-title">
          Where you are signed in
        </Title>
        {others.length > 0 ? (
          <Button size="xs" variant="default" color="red" onClick={() => setEndingOthers(true)}>
            Sign out everywhere else
          </Button>
        ) : null}
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        Each browser or device you signed in on, newest first. Sign out any you do not recognise, and change your
        password if you did not sign in there. Times are in your time zone.
      </Text>
      <EndedNotice notice={notice} onClose={() => setNotice(null)} mb="sm" />
      {body}
      <EndSessionDialog
        opened={ending !== null}
        title="Sign out that device"
        confirmLabel="Sign out"
        pending={end.isPending}
        error={end.error}
        onClose={closeOne}
        onConfirm={() => {
          if (shown) end.mutate(shown, { onSuccess: (outcome) => (done(outcome), closeOne()) });
        }}
      >
        {shown ? (
          <Text size="sm">
            Sign out <b>{deviceLabel(shown.user_agent)}</b>
            {shown.ip ? ` at ${shown.ip}` : ''}, last active {formatDateTime(shown.last_used_at)}?
          </Text>
        ) : null}
      </EndSessionDialog>
      <EndSessionDialog
        opened={endingOthers}
        title="Sign out everywhere else"
        confirmLabel="Sign out everywhere else"
        pending={endOthers.isPending}
        error={endOthers.error}
        onClose={closeOthers}
        onConfirm={() => endOthers.mutate(others, { onSuccess: (outcome) => (done(outcome), closeOthers()) })}
      >
        <Text size="sm">
          Sign out {others.length === 1 ? 'the other device' : `all ${others.length} other devices`}? You stay signed in
          here.
        </Text>
      </EndSessionDialog>
    </Card>
  );
}
