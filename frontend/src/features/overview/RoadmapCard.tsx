import { Badge, Card, Group, List, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCircleCheck, IconCircleDashed, IconRoute } from '@tabler/icons-react';

const available = [
  'Incident cases: status workflow, notes and a timeline of every change',
  'Regulator deadlines: the 72-hour notification clock when personal data is involved',
  'Roles and need-to-know: each role sees and does only what it should',
  'Users, departments and services',
  'A tamper-evident audit log you can verify',
];

const next = [
  'Service suspensions and restoration plans',
  'Evidence with chain of custody',
  'Case and audit-log exports',
];

/** RoadmapCard says honestly what works in this release and what comes next. */
export function RoadmapCard() {
  return (
    <Card withBorder padding="lg" radius="md">
      <Group gap="xs" mb="md" justify="space-between">
        <Group gap="xs">
          <IconRoute size={20} stroke={1.7} color="var(--mantine-color-indigo-7)" />
          <Title order={2} fz="h4">
            This release
          </Title>
        </Group>
        <Badge variant="outline" color="gray" radius="sm">
          Early access
        </Badge>
      </Group>
      <List
        spacing={6}
        size="sm"
        icon={
          <ThemeIcon color="teal" size={20} radius="xl" variant="light">
            <IconCircleCheck size={14} />
          </ThemeIcon>
        }
      >
        {available.map((item) => (
          <List.Item key={item}>{item}</List.Item>
        ))}
      </List>
      <Text size="sm" fw={600} mt="md" mb={6}>
        Coming next
      </Text>
      <List
        spacing={6}
        size="sm"
        c="dimmed"
        icon={
          <ThemeIcon color="gray" size={20} radius="xl" variant="light">
            <IconCircleDashed size={14} />
          </ThemeIcon>
        }
      >
        {next.map((item) => (
          <List.Item key={item}>{item}</List.Item>
        ))}
      </List>
    </Card>
  );
}
