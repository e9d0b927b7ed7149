// One case: header with the status menu, details, regulator clock, closing conditions, notes and timeline.
import { Anchor, Button, Card, Grid, List, Skeleton, Stack, Tabs, Text, ThemeIcon, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft, IconExclamationMark, IconFolderOff, IconListCheck } from '@tabler/icons-react';
import { Link, useParams, useSearchParams } from 'react-router';

import { ApiError } from '../../api/problem';
import type { Case, Role } from '../../api/types';
import { canUse, may } from '../../app/access';
import { useSignedInUser } from '../../app/auth';
import { Empty, LoadError } from '../../components/PageStates';
import { ChronologyTab } from '../chronology/ChronologyTab';
import { EvidenceTab } from '../evidence/EvidenceTab';
import { PhasesCard } from '../reports/PhasesCard';
import { ReviewTab } from '../review/ReviewTab';
import { LinkedCasesCard } from '../links/LinkedCasesCard';
import { ObservablesTab } from '../observables/ObservablesTab';
import { SuspensionsTab } from '../suspensions/SuspensionsTab';
import { TasksTab } from '../tasks/TasksTab';
import { CaseHeader } from './CaseHeader';
import { CaseTimeline } from './CaseTimeline';
import { DetailsCard } from './DetailsCard';
import { NoteComposer } from './NoteComposer';
import { usePeople } from './people';
import { isCaseId, useCase, useTimeline } from './queries';
import { RegulatorCard } from './RegulatorCard';

const tabs = ['activity', 'tasks', 'chronology', 'suspensions', 'evidence', 'observables', 'review'];

/**
 * initialTab is the tab a link asks for (?tab=evidence, from My work; ?tab=observables, from a search), else the
 * activity: also when the reader's role does not see that tab (department heads see no observables).
 */
const initialTab = (asked: string | null, role: Role) =>
  asked && tabs.includes(asked) && (asked !== 'observables' || canUse(role, 'observables')) ? asked : 'activity';

function CaseNotFound() {
  return (
    <Empty
      icon={IconFolderOff}
      title="Case not found"
      description="There is no case at this address, or it is not visible to you."
      action={
        <Button component={Link} to="/cases" variant="default" leftSection={<IconArrowLeft size={16} />}>
          Back to the cases
        </Button>
      }
    />
  );
}

function ClosingCard({ c }: { c: Case }) {
  if (c.status === 'closed') return null;
  const blockers = c.closing_blockers ?? [];
  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={2} fz="h4" mb="sm">
        Before closing
      </Title>
      {blockers.length === 0 ? (
        <Text size="sm" c="var(--cw-text-success)">
          Every closing condition is met: the case can be closed.
        </Text>
      ) : (
        <List
          size="sm"
          spacing={6}
          data-testid="closing-blockers"
          icon={
            <ThemeIcon color="orange" size={18} radius="xl" variant="light">
              <IconExclamationMark size={12} />
            </ThemeIcon>
          }
        >
          {blockers.map((b) => (
            <List.Item key={b}>{b}</List.Item>
          ))}
        </List>
      )}
      {blockers.length === 0 ? null : (
        <Text size="xs" c="dimmed" mt="sm">
          The case can close once these are resolved.
        </Text>
      )}
    </Card>
  );
}

function CaseView({ id }: { id: string }) {
  const [searchParams] = useSearchParams();
  const me = useSignedInUser();
  const current = useCase(id);
  const timeline = useTimeline(id);
  const person = usePeople(id, timeline.items);
  useDocumentTitle(current.data ? `${current.data.item.reference} · Caseward` : 'Case · Caseward');

  if (current.isPending) {
    return (
      <Stack gap="lg" aria-busy="true" aria-label="Loading the case">
        <Skeleton h={160} radius="md" />
        <Skeleton h={320} radius="md" />
      </Stack>
    );
  }
  if (current.isError) {
    if (current.error instanceof ApiError && current.error.status === 404) return <CaseNotFound />;
    return (
      <LoadError
        error={current.error}
        title="The case could not be loaded"
        onRetry={() => void current.refetch()}
        retrying={current.isFetching}
      />
    );
  }

  const c = current.data.item;
  const canEdit = may(me.role, 'case.edit');
  return (
    <Stack gap="lg">
      <CaseHeader c={c} owner={person(c.owner_id)} canMove={may(me.role, 'case.transition')} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="lg">
            <DetailsCard current={current.data} canEdit={canEdit} person={person} />
            <Tabs defaultValue={initialTab(searchParams.get('tab'), me.role)} keepMounted={false} styles={tabStyles}>
              <Tabs.List mb="md">
                <Tabs.Tab value="activity">Activity</Tabs.Tab>
                <Tabs.Tab value="tasks">Tasks</Tabs.Tab>
                <Tabs.Tab value="chronology">Chronology</Tabs.Tab>
                <Tabs.Tab value="suspensions">Suspensions</Tabs.Tab>
                <Tabs.Tab value="evidence">Evidence</Tabs.Tab>
                {canUse(me.role, 'observables') ? <Tabs.Tab value="observables">Observables</Tabs.Tab> : null}
                <Tabs.Tab value="review">Review</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="activity">
                <Card withBorder radius="md" padding="lg">
                  <Title order={2} fz="h4" mb="md">
                    Activity
                  </Title>
                  {may(me.role, 'note.create') ? (
                    <Stack mb="lg">
                      <NoteComposer caseId={c.id} />
                    </Stack>
                  ) : null}
                  <CaseTimeline timeline={timeline} name={(id) => person(id).label} />
                </Card>
              </Tabs.Panel>
              <Tabs.Panel value="tasks">
                <TasksTab c={c} canEdit={may(me.role, 'case.edit')} />
              </Tabs.Panel>
              <Tabs.Panel value="chronology">
                <ChronologyTab
                  caseId={c.id}
                  canEdit={may(me.role, 'chronology.write')}
                  canDownload={may(me.role, 'evidence.download')}
                />
              </Tabs.Panel>
              <Tabs.Panel value="suspensions">
                <SuspensionsTab
                  caseId={c.id}
                  caseStatus={c.status}
                  canEdit={may(me.role, 'suspension.write')}
                  playbook={c.playbook}
                />
              </Tabs.Panel>
              <Tabs.Panel value="evidence">
                <EvidenceTab
                  caseId={c.id}
                  canEdit={may(me.role, 'evidence.write')}
                  canDownload={may(me.role, 'evidence.download')}
                />
              </Tabs.Panel>
              {canUse(me.role, 'observables') ? (
                <Tabs.Panel value="observables">
                  <ObservablesTab caseId={c.id} canEdit={may(me.role, 'observable.write')} />
                </Tabs.Panel>
              ) : null}
              <Tabs.Panel value="review">
                <ReviewTab c={c} canEdit={canEdit} />
              </Tabs.Panel>
            </Tabs>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="lg">
            <RegulatorCard current={current.data} canEdit={canEdit} />
            <ClosingCard c={c} />
            <PhasesCard caseId={c.id} />
            <LinkedCasesCard c={c} canEdit={canEdit} />
            {canUse(me.role, 'audit') ? (
              <Anchor component={Link} to={`/audit?case=${c.id}`} size="sm">
                <IconListCheck size={14} style={{ verticalAlign: -2 }} /> This case in the audit log
              </Anchor>
            ) : null}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

// The case's tabs stay on one line: narrower tabs fit the column on a desktop, and on a
// narrow screen the row scrolls sideways rather than wrapping under itself.
const tabStyles = {
  list: { flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden' },
  tab: { flexShrink: 0, paddingInline: 'var(--mantine-spacing-sm)' },
} as const;

export function CasePage() {
  const { id } = useParams();
  if (!isCaseId(id)) return <CaseNotFound />;
  return <CaseView key={id} id={id} />;
}
