// "New case" › Playbook: choosing one pre-fills the case's category and severity (onChoose) and shows
// the tasks it will add, each with the date it falls due counted from the case's Aware at.
import { Alert, Group, List, Select, Stack, Text } from '@mantine/core';

import { formatDateTime } from '../../components/dates';
import { dueFrom, offsetWords, summary } from './playbookLogic';
import { usePlaybooks } from './queries';
import type { Playbook } from './types';

/** playbookGroups lists a playbook's tasks by group, in the playbook's order. */
function byGroup(p: Playbook): [string, Playbook['tasks']][] {
  const groups = new Map<string, Playbook['tasks']>();
  for (const t of p.tasks) {
    const g = t.group || 'Other tasks';
    groups.set(g, [...(groups.get(g) ?? []), t]);
  }
  return [...groups.entries()];
}

export function PlaybookPicker({
  value,
  awareAt,
  onChoose,
}: {
  value: string | null;
  /** The case's Aware at as an ISO time, when filled in: the start the tasks' offsets count from. */
  awareAt: string | undefined;
  onChoose: (p: Playbook | null) => void;
}) {
  const playbooks = usePlaybooks(false);
  const chosen = playbooks.data?.find((p) => p.id === value) ?? null;
  const error = playbooks.isError
    ? 'The playbooks could not be loaded: the case can still be opened without one.'
    : undefined;
  return (
    <Stack gap={6}>
      <Select
        label="Playbook"
        description="Start the case from a playbook: it sets the category and severity and adds its tasks."
        placeholder={playbooks.isPending ? 'Loading playbooks…' : 'None'}
        clearable
        data={(playbooks.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
        value={value}
        error={error}
        onChange={(id) => onChoose(playbooks.data?.find((p) => p.id === id) ?? null)}
      />
      {chosen ? (
        <Alert variant="light" color="blue" title={`Adds ${summary(chosen)}`}>
          <Stack gap={4}>
            {byGroup(chosen).map(([group, tasks]) => (
              <div key={group}>
                <Text size="xs" fw={600}>
                  {group}
                </Text>
                <List size="xs" spacing={2}>
                  {tasks.map((t, i) => {
                    const due = dueFrom(awareAt, t.due_offset_hours);
                    const when =
                      t.due_offset_hours === null || t.due_offset_hours === undefined
                        ? 'no due date'
                        : due
                          ? `due ${formatDateTime(due)}`
                          : `due ${offsetWords(t.due_offset_hours)} after Aware at`;
                    return (
                      <List.Item key={`${t.title}-${i}`}>
                        <Group gap={4} wrap="wrap">
                          <Text size="xs">{t.title}</Text>
                          <Text size="xs" c="dimmed">
                            · {when}
                          </Text>
                        </Group>
                      </List.Item>
                    );
                  })}
                </List>
              </div>
            ))}
            {chosen.milestones.length > 0 ? (
              <Text size="xs" c="dimmed">
                Its suspension plan can be added when a service is suspended on this case.
              </Text>
            ) : null}
          </Stack>
        </Alert>
      ) : null}
    </Stack>
  );
}
