// A case's details: read by everyone; edited by administrators and responders, with If-Match.
import { Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';

import { useDepartments } from '../../api/queries';
import type { Case, Versioned } from '../../api/types';
import { breachInfo, categoryLabel, severityInfo } from '../../components/caseLabels';
import { formatDateTime } from '../../components/dates';
import { departmentName } from '../../components/departments';
import { StaleAlert } from '../../components/formErrors';
import { DetailsForm } from './DetailsForm';
import type { Person } from './people';

function Field({ label, children, span = 1 }: { label: string; children: ReactNode; span?: 1 | 2 }) {
  return (
    <Stack gap={2} style={{ gridColumn: span === 2 ? '1 / -1' : undefined }}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: '0.03em' }}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Stack>
  );
}

function DetailsView({ c, person }: { c: Case; person: (id: string) => Person }) {
  const departments = useDepartments();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
      <Field label="Summary" span={2}>
        {c.summary ? (
          c.summary
        ) : (
          <Text span c="dimmed" size="sm">
            No summary yet.
          </Text>
        )}
      </Field>
      <Field label="Category">{categoryLabel[c.category]}</Field>
      <Field label="Severity">{severityInfo[c.severity].label}</Field>
      <Field label="Breach status">{breachInfo[c.breach_status].label}</Field>
      <Field label="Department">{departmentName(departments.data, c.department_id)}</Field>
      <Field label="Detected at">{formatDateTime(c.detected_at)}</Field>
      <Field label="Aware at">{formatDateTime(c.aware_at)}</Field>
      <Field label="Personal data involved">{c.personal_data_involved ? 'Yes' : 'No'}</Field>
      <Field label="Data subjects (estimate)">
        {c.data_subjects_estimate == null ? '—' : c.data_subjects_estimate.toLocaleString()}
      </Field>
      <Field label="Access">
        {c.restricted
          ? `Restricted to administrators, auditors, the owner and ${c.member_ids.length} member${c.member_ids.length === 1 ? '' : 's'}`
          : 'Everyone whose role lets them see it'}
      </Field>
      {c.playbook ? (
        <Field label="Playbook">
          {c.playbook.name} (version {c.playbook.version})
        </Field>
      ) : null}
      <Field label="Members">
        {c.member_ids.length > 0 ? (
          c.member_ids.map((id) => person(id).label).join(', ')
        ) : (
          <Text span c="dimmed" size="sm">
            No one else.
          </Text>
        )}
      </Field>
    </SimpleGrid>
  );
}

export function DetailsCard({
  current,
  canEdit,
  person,
}: {
  current: Versioned<Case>;
  canEdit: boolean;
  person: (id: string) => Person;
}) {
  const [editing, setEditing] = useState(false);
  const [stale, setStale] = useState(false);
  const c = current.item;

  return (
    <Card withBorder radius="md" padding="lg">
      <Group justify="space-between" mb="md">
        <Title order={2} fz="h4">
          Details
        </Title>
        {canEdit && !editing ? (
          <Button
            variant="default"
            size="xs"
            leftSection={<IconPencil size={14} />}
            onClick={() => {
              setStale(false);
              setEditing(true);
            }}
          >
            Edit details
          </Button>
        ) : null}
      </Group>
      {stale ? (
        <Stack mb="md">
          <StaleAlert noun="case" />
        </Stack>
      ) : null}
      {editing ? (
        <DetailsForm
          // While editing, a background refetch leaves the form alone; after a 412 the form follows
          // the reloaded case, so it starts again from the version now stored.
          key={stale ? `reloaded-${c.version}` : 'editing'}
          current={current}
          person={person}
          onStale={() => setStale(true)}
          onDone={() => {
            setStale(false);
            setEditing(false);
          }}
        />
      ) : (
        <DetailsView c={c} person={person} />
      )}
    </Card>
  );
}
