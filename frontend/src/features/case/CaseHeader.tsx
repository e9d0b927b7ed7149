// The case's header: reference, title, status, severity, owner, regulator countdown and the status menu.
import { Anchor, Badge, Breadcrumbs, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { useDepartments } from '../../api/queries';
import type { Case } from '../../api/types';
import { BreachBadge, SeverityBadge, StatusBadge } from '../../components/CaseBadges';
import { categoryLabel } from '../../components/caseLabels';
import { formatDateTime } from '../../components/dates';
import { departmentName } from '../../components/departments';
import { RegulatorDeadline } from '../../components/RegulatorDeadline';
import { ExportMenu } from '../exports/ExportMenu';
import { CaseLinkMenu } from '../links/CaseLinkMenu';
import { FollowButton } from '../notifications/FollowButton';
import { DuplicateNotice } from '../links/DuplicateNotice';
import type { Person } from './people';
import { TransitionMenu } from './TransitionMenu';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: '0.03em' }}>
        {label}
      </Text>
      <Text size="sm" fw={500} component="div">
        {children}
      </Text>
    </Stack>
  );
}

export function CaseHeader({ c, owner, canMove }: { c: Case; owner: Person; canMove: boolean }) {
  const departments = useDepartments();
  return (
    <Stack gap="sm">
      <Breadcrumbs separator="›" fz="sm">
        <Anchor component={Link} to="/cases" size="sm">
          Cases
        </Anchor>
        <Text size="sm" c="dimmed">
          {c.reference}
        </Text>
      </Breadcrumbs>
      <Paper withBorder radius="md" p="lg">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
          <Stack gap={6} style={{ flex: 1, minWidth: 280 }}>
            <Group gap="xs">
              <Text ff="monospace" fw={700} c="var(--mantine-color-anchor)" data-testid="case-reference">
                {c.reference}
              </Text>
              {c.restricted ? (
                <Badge color="red" variant="light" radius="sm" leftSection={<IconLock size={12} />}>
                  Restricted
                </Badge>
              ) : null}
            </Group>
            <Title order={1} fz="h2" lh={1.2}>
              {c.title}
            </Title>
            <DuplicateNotice caseId={c.id} />
            <Group gap="xs" mt={4}>
              <StatusBadge status={c.status} size="lg" data-testid="case-status" />
              <SeverityBadge severity={c.severity} size="lg" />
              <BreachBadge breach={c.breach_status} size="lg" />
              <Badge variant="default" radius="sm" size="lg" tt="none" fw={500}>
                {categoryLabel[c.category]}
              </Badge>
            </Group>
          </Stack>
          <Stack gap="sm" align="flex-end">
            <Group gap="sm">
              {canMove ? <TransitionMenu c={c} /> : null}
              {canMove ? <CaseLinkMenu c={c} /> : null}
              <ExportMenu caseId={c.id} reference={c.reference} />
              <FollowButton type="case" id={c.id} />
            </Group>
            <Group gap={6}>
              <Text size="sm" c="dimmed">
                Regulator
              </Text>
              <RegulatorDeadline c={c} size="lg" />
            </Group>
          </Stack>
        </Group>
        <Group gap="xl" mt="lg" wrap="wrap">
          <Fact label="Owner">
            <Text span size="sm" fw={500} c={owner.unknown ? 'dimmed' : undefined}>
              {owner.label}
            </Text>
          </Fact>
          <Fact label="Department">{departmentName(departments.data, c.department_id)}</Fact>
          <Fact label="Aware since">{formatDateTime(c.aware_at)}</Fact>
          <Fact label="Opened">{formatDateTime(c.created_at)}</Fact>
          <Fact label="Last change">{formatDateTime(c.updated_at)}</Fact>
        </Group>
      </Paper>
    </Stack>
  );
}
