// "Sessions" in the user drawer: the account's live sign-ins (device, address, last active), and
// ending one after a confirmation (POST /sessions/{id}/end).
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';

import type { SignInSession, User } from '../../api/types';
import { formatDateTime } from '../../components/dates';
import { LoadError, LoadingRows } from '../../components/PageStates';
import { deviceLabel } from '../../components/sessions/deviceLabel';
import { ALREADY_ENDED } from '../../components/sessions/endOutcome';
import { EndSessionDialog } from '../../components/sessions/EndSessionDialog';
import { Address, Device, EndedNotice } from '../../components/sessions/SessionParts';
import { useLatest } from '../../components/useLatest';
import { useEndSession, useUserSessions } from './queries';

function count(n: number): string {
  if (n === 0) return 'No live sessions';
  return n === 1 ? '1 live session' : `${n} live sessions`;
}

export function UserSessions({ user }: { user: User }) {
  const sessions = useUserSessions(user.id);
  const end = useEndSession();
  const [ending, setEnding] = useState<SignInSession | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const shown = useLatest(ending);
  const close = () => {
    end.reset();
    setEnding(null);
  };

  let body;
  if (sessions.isPending) body = <LoadingRows rows={2} label="Loading the sessions" />;
  else if (sessions.isError) {
    body = (
      <LoadError
        error={sessions.error}
        title="The sessions could not be loaded"
        onRetry={() => void sessions.refetch()}
        retrying={sessions.isFetching}
      />
    );
  } else {
    body = (
      <>
        <Text size="sm" c="dimmed" data-testid="session-count">
          {count(sessions.data.length)}
        </Text>
        {sessions.data.map((s) => (
          <Paper key={s.id} withBorder p="xs" radius="sm" data-testid="user-session">
            <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Device session={s} />
                <Address session={s} />
                <Text size="xs" c="dimmed">
                  Last active {formatDateTime(s.last_used_at)}
                </Text>
              </Stack>
              {/* My own sign-in here ends through the usual sign-out, not from this list. */}
              {s.current ? null : (
                <Button
                  size="compact-sm"
                  variant="default"
                  onClick={() => setEnding(s)}
                  aria-label={`End ${deviceLabel(s.user_agent)}, last active ${formatDateTime(s.last_used_at)}`}
                >
                  End
                </Button>
              )}
            </Group>
          </Paper>
        ))}
      </>
    );
  }

  return (
    <Stack gap="xs" component="section" aria-labelledby="user-sessions-title">
      <Title order={3} fz="h5" id="user-sessions-title">
        Sessions
      </Title>
      <EndedNotice notice={notice} onClose={() => setNotice(null)} />
      {body}
      <EndSessionDialog
        opened={ending !== null}
        title="End the session"
        confirmLabel="End session"
        pending={end.isPending}
        error={end.error}
        onClose={close}
        onConfirm={() => {
          if (shown) {
            end.mutate(shown, {
              onSuccess: (outcome) => {
                setNotice(outcome === 'gone' ? ALREADY_ENDED : null);
                close();
              },
            });
          }
        }}
      >
        {shown ? (
          <Text size="sm">
            End {user.name}’s session on <b>{deviceLabel(shown.user_agent)}</b>
            {shown.ip ? ` at ${shown.ip}` : ''}, last active {formatDateTime(shown.last_used_at)}?
          </Text>
        ) : null}
      </EndSessionDialog>
    </Stack>
  );
}
