// The account page's notification settings: which kinds of event reach you in the app and by email, and the digest.
import { Alert, Card, Select, Switch, Table, Text, Title } from '@mantine/core';

import { errorMessage } from '../../api/problem';
import { CHANNELS, DIGESTS, preferenceRows } from './logic';
import { useEventKinds, usePreferences, useSetPreferences } from './queries';

export function NotificationSettings() {
  const prefs = usePreferences();
  const kinds = useEventKinds();
  const save = useSetPreferences();
  const labels = new Map((kinds.data ?? []).map((k) => [k.kind, k.label]));
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="notifications-title">
      <Title order={2} fz="h4" mb="xs" id="notifications-title">
        Notifications
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Choose what you are told about, and how. You hear about the cases, services and departments you follow, and
        about what is assigned to you.
      </Text>
      {prefs.isPending ? (
        <Text size="sm">Loading…</Text>
      ) : prefs.isError ? (
        <Alert color="red">{errorMessage(prefs.error)}</Alert>
      ) : (
        <>
          {save.isError ? (
            <Alert color="red" mb="sm">
              {errorMessage(save.error)}
            </Alert>
          ) : null}
          <Select
            label="Email"
            data={DIGESTS}
            value={prefs.data.email_digest}
            allowDeselect={false}
            onChange={(v) => v && save.mutate({ email_digest: v })}
            maw={320}
            mb="md"
          />

          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>What happens</Table.Th>
                {CHANNELS.map((c) => (
                  <Table.Th key={c.channel} ta="center" w={76}>
                    {c.label}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preferenceRows(prefs.data.preferences).map((row) => {
                const label = labels.get(row.kind) ?? row.kind;
                return (
                  <Table.Tr key={row.kind}>
                    <Table.Td>
                      <Text size="sm">{label}</Text>
                    </Table.Td>
                    {CHANNELS.map((c) => (
                      <Table.Td key={c.channel}>
                        <Switch
                          mx="auto"
                          w="fit-content"
                          checked={row[c.channel]}
                          aria-label={`${label}: ${c.label.toLowerCase()}`}
                          onChange={(e) =>
                            save.mutate({
                              preferences: [{ kind: row.kind, channel: c.channel, enabled: e.currentTarget.checked }],
                            })
                          }
                        />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Card>
  );
}
