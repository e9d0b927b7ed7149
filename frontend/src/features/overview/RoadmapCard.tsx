import { Badge, Card, Group, List, ThemeIcon, Title } from '@mantine/core';
import { IconCircleCheck, IconRoute } from '@tabler/icons-react';

const available = [
  'Incident cases: status workflow, notes and a timeline told in sentences',
  'Regulator deadlines: the 72-hour notification clock when personal data is involved',
  'Service suspensions, restoration plans, re-plans and updates, with a dashboard for department heads',
  'Evidence with a chain of custody, checked against its hash',
  'Signed case and audit-log exports (JSON, CSV, PDF) that anyone can verify offline',
  'A public status page of the services that have a public name',
  'Roles and need-to-know: each role sees and does only what it should',
  'Users, departments and services',
  'A tamper-evident audit log you can verify',
];

/** RoadmapCard says honestly what works in this release. */
export function RoadmapCard() {
  return (
    <Card withBorder padding="lg" radius="md">
      <Group gap="xs" mb="md" justify="space-between">
        <Group gap="xs">
          <IconRoute size={20} stroke={1.7} color="var(--mantine-color-anchor)" />
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
    </Card>
  );
}
