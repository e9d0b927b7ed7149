// "My work": what the signed-in user should act on next, by role, from one GET /me/work.
import { Alert, Anchor, Button, Group, List, SimpleGrid, Skeleton, Stack, Text, ThemeIcon } from '@mantine/core';
import {
  IconAlarm,
  IconAlertCircle,
  IconBriefcase,
  IconCircleCheck,
  IconCircleDashed,
  IconFileExport,
  IconFingerprint,
  IconPlugConnectedX,
  IconSettings,
  IconShieldCheck,
} from '@tabler/icons-react';
import { Link } from 'react-router';

import { errorMessage } from '../../api/problem';
import type { AuditChainState, HeldEvidence, MyWork as Work, SetupChecklist, WorkExport } from '../../api/types';
import { SeverityBadge, StatusBadge } from '../../components/CaseBadges';
import { formatDateTime, timeAgo } from '../../components/dates';
import { RegulatorDeadline } from '../../components/RegulatorDeadline';
import { HealthBadges } from '../../components/restoration/badges';
import { formatDate } from '../../components/restoration/format';
import type { DashboardItem } from '../../components/restoration/types';
import { kindInfo } from '../evidence/labels';
import { YourTasks } from '../tasks/YourTasks';
import { useMyWork } from './queries';
import { WorkCard, WorkRow } from './WorkCard';

type CaseList = NonNullable<Work['open_cases']>;

function OpenCases({ list }: { list: CaseList }) {
  return (
    <WorkCard
      title="My open cases"
      icon={IconBriefcase}
      testId="work-open-cases"
      count={list.items.length}
      more={list}
      allTo="/cases"
      allLabel="all cases"
      empty={
        <>
          You own no open case. Cases handed to you appear here, the soonest regulator deadline first; see{' '}
          <Anchor component={Link} to="/cases" inherit underline="always">
            the cases list
          </Anchor>{' '}
          to pick one up or open a new one.
        </>
      }
    >
      {list.items.map((c) => (
        <WorkRow
          key={c.id}
          to={`/cases/${c.id}`}
          label={`${c.reference} · ${c.title}`}
          detail={
            <Group gap={6}>
              <StatusBadge status={c.status} size="xs" />
              <SeverityBadge severity={c.severity} size="xs" />
            </Group>
          }
          aside={<RegulatorDeadline c={c} size="sm" />}
        />
      ))}
    </WorkCard>
  );
}

function Clocks({ list }: { list: CaseList }) {
  return (
    <WorkCard
      title="Regulator clocks: next 24 hours"
      icon={IconAlarm}
      testId="work-clocks"
      count={list.items.length}
      more={list}
      allTo="/cases?regulator=overdue"
      allLabel="overdue cases"
      empty={
        <>
          No regulator notification falls due in the next 24 hours, and none is overdue, on the cases you may see. Cases
          with a running clock are on{' '}
          <Anchor component={Link} to="/cases?regulator=due" inherit underline="always">
            the cases list
          </Anchor>
          .
        </>
      }
    >
      {list.items.map((c) => (
        <WorkRow
          key={c.id}
          to={`/cases/${c.id}`}
          label={`${c.reference} · ${c.title}`}
          detail={`Due ${formatDateTime(c.regulator_notification_due_at)}`}
          aside={<RegulatorDeadline c={c} size="sm" />}
        />
      ))}
    </WorkCard>
  );
}

function Held({ list }: { list: { items: HeldEvidence[]; more: number; more_capped: boolean } }) {
  return (
    <WorkCard
      title="Evidence you hold"
      icon={IconFingerprint}
      testId="work-evidence"
      count={list.items.length}
      more={list}
      empty="You hold no evidence. An item appears here when its latest hand-over in the chain of custody names you (by your email or your name) as the receiving party."
    >
      {list.items.map((e) => (
        <WorkRow
          key={e.evidence_id}
          to={`/cases/${e.case_id}?tab=evidence`}
          label={e.title}
          detail={`${kindInfo[e.kind].label} · ${e.case_reference} ${e.case_title} · yours since ${timeAgo(e.held_since)}`}
        />
      ))}
    </WorkCard>
  );
}

function Suspended({ list }: { list: { items: DashboardItem[]; more: number; more_capped: boolean } }) {
  return (
    <WorkCard
      title="Your department's suspended services"
      icon={IconPlugConnectedX}
      testId="work-suspensions"
      count={list.items.length}
      more={list}
      allTo="/restoration"
      allLabel="the restoration dashboard"
      empty={
        <>
          None of your department's services is suspended. When one is, its planned restoration shows here; past
          suspensions are on{' '}
          <Anchor component={Link} to="/restoration" inherit underline="always">
            the restoration dashboard
          </Anchor>
          .
        </>
      }
    >
      {list.items.map((it) => {
        const s = it.suspension;
        const planned = s.expected_restoration_at
          ? `planned back ${formatDate(s.expected_restoration_at)}`
          : 'no restoration planned yet';
        const projected =
          s.projected_restoration_at && s.projected_restoration_at !== s.expected_restoration_at
            ? `, now projected ${formatDate(s.projected_restoration_at)}`
            : '';
        return (
          <WorkRow
            key={s.id}
            to={`/services/${s.service_id}`}
            label={it.service_name}
            detail={`${it.case_reference} · down ${s.days_suspended} d · ${planned}${projected}`}
            aside={<HealthBadges suspension={s} />}
          />
        );
      })}
    </WorkCard>
  );
}

function exportLabel(x: WorkExport): string {
  const who = x.actor_name || x.actor_email || 'someone';
  return x.kind === 'case' ? `${x.case_reference || 'A case'} exported by ${who}` : `Audit log exported by ${who}`;
}

function Exports({ list }: { list: { items: WorkExport[]; more: number; more_capped: boolean } }) {
  return (
    <WorkCard
      title="Recent exports"
      icon={IconFileExport}
      testId="work-exports"
      count={list.items.length}
      more={list}
      allTo="/audit"
      allLabel="the audit log"
      empty={
        <>
          Nobody has exported a case or the audit log yet. Exports are made and checked on{' '}
          <Anchor component={Link} to="/exports" inherit underline="always">
            Exports
          </Anchor>
          , and each is recorded here.
        </>
      }
    >
      {list.items.map((x) => (
        <WorkRow
          key={x.seq}
          to={x.kind === 'case' && x.case_id ? `/cases/${x.case_id}` : '/audit'}
          label={exportLabel(x)}
          detail={`${formatDateTime(x.occurred_at)} · audit event #${x.seq}`}
        />
      ))}
    </WorkCard>
  );
}

function Chain({ chain }: { chain: AuditChainState }) {
  const since = Math.max(0, chain.latest_seq - chain.checked);
  let state;
  if (!chain.last_verified_at) {
    state = (
      <Text size="sm">
        The chain has not been verified yet. Verifying walks all {chain.latest_seq.toLocaleString()} events.
      </Text>
    );
  } else if (chain.valid) {
    state = (
      <Alert color="teal" variant="light" icon={<IconShieldCheck />} title="Valid at the last verification">
        {chain.checked.toLocaleString()} events verified {formatDateTime(chain.last_verified_at)}
        {since > 0 ? `; ${since.toLocaleString()} recorded since, not yet verified.` : '; none recorded since.'}
      </Alert>
    );
  } else {
    state = (
      <Alert color="red" variant="light" icon={<IconAlertCircle />} title="Broken at the last verification">
        Event #{chain.first_invalid_seq} did not verify ({formatDateTime(chain.last_verified_at)}). Verify again to see
        whether it still fails.
      </Alert>
    );
  }
  return (
    <WorkCard title="The audit chain" icon={IconShieldCheck} testId="work-chain" count={1} empty={null}>
      <Stack gap="sm" data-testid="chain-state">
        {state}
        <div>
          <Button component={Link} to="/audit" size="xs" variant="light" leftSection={<IconShieldCheck size={14} />}>
            Verify now on the audit log
          </Button>
        </div>
      </Stack>
    </WorkCard>
  );
}

const steps: { key: keyof SetupChecklist; label: string; to: string; hint: string }[] = [
  {
    key: 'departments',
    label: 'Add a department',
    to: '/admin/departments',
    hint: 'Services and heads belong to one.',
  },
  { key: 'services', label: 'Add a service', to: '/services', hint: 'What a suspension takes offline.' },
  {
    key: 'users',
    label: 'Add the people who work on cases',
    to: '/admin/users',
    hint: 'Responders, department heads and auditors.',
  },
];

function Setup({ setup }: { setup: SetupChecklist }) {
  const done = steps.filter((s) => setup[s.key]).length;
  return (
    <WorkCard
      title={`Set up Caseward: ${done} of ${steps.length} done`}
      icon={IconSettings}
      testId="work-setup"
      count={1}
      empty={null}
    >
      <List spacing="sm" size="sm" center>
        {steps.map((s) => (
          <List.Item
            key={s.key}
            data-done={setup[s.key]}
            icon={
              <ThemeIcon color={setup[s.key] ? 'teal' : 'gray'} size={22} radius="xl" variant="light">
                {setup[s.key] ? (
                  <IconCircleCheck size={16} aria-label="Done" />
                ) : (
                  <IconCircleDashed size={16} aria-label="To do" />
                )}
              </ThemeIcon>
            }
          >
            <Anchor component={Link} to={s.to} td={setup[s.key] ? 'line-through' : undefined}>
              {s.label}
            </Anchor>{' '}
            <Text span size="xs" c="dimmed">
              {s.hint}
            </Text>
          </List.Item>
        ))}
      </List>
    </WorkCard>
  );
}

/** MyWorkSection shows the caller's work; the sections are those the API filled for their role. */
export function MyWorkSection() {
  const work = useMyWork();
  if (work.isPending) {
    return (
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" aria-busy="true" aria-label="Loading your work">
        <Skeleton h={180} />
        <Skeleton h={180} />
      </SimpleGrid>
    );
  }
  if (work.isError) {
    return (
      <Alert color="red" variant="light" icon={<IconAlertCircle />} title="Your work could not be loaded">
        <Stack gap="sm">
          <Text size="sm">{errorMessage(work.error)}</Text>
          <div>
            <Button size="xs" color="red" loading={work.isFetching} onClick={() => void work.refetch()}>
              Try again
            </Button>
          </div>
        </Stack>
      </Alert>
    );
  }
  const w = work.data;
  return (
    <Stack gap="lg" aria-label="My work" component="section">
      {w.setup && <Setup setup={w.setup} />}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        {w.regulator_clocks && <Clocks list={w.regulator_clocks} />}
        {w.open_cases && <OpenCases list={w.open_cases} />}
        {w.assigned_tasks && <YourTasks list={w.assigned_tasks} />}
        {w.held_evidence && <Held list={w.held_evidence} />}
        {w.suspended_services && <Suspended list={w.suspended_services} />}
        {w.audit_chain && <Chain chain={w.audit_chain} />}
        {w.recent_exports && <Exports list={w.recent_exports} />}
      </SimpleGrid>
    </Stack>
  );
}
