// The case page's Review tab: the post-incident review next to the phase durations. Once the case is
// recovering or closed, admins and responders write it, add follow-up actions (tasks in
// "Follow-up") and mark it complete; a complete review is read-only until reopened with a reason.
import { Alert, Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck, IconLock } from '@tabler/icons-react';
import { useState } from 'react';

import { errorMessage } from '../../api/problem';
import { useAssignees, useCasePeople } from '../../api/queries';
import type { Case } from '../../api/types';
import { useSignedInUser } from '../../app/auth';
import { formatDateTime } from '../../components/dates';
import { LoadError, LoadingRows } from '../../components/PageStates';
import { formatDuration } from '../../components/restoration/format';
import { phaseLines } from '../reports/phases';
import { useCasePhases } from '../reports/queries';
import { taskAssignees } from '../tasks/taskLogic';
import { FollowUpList } from './FollowUps';
import { useCompleteReview, useReview } from './queries';
import { ReopenDialog } from './ReopenDialog';
import { ReviewForm } from './ReviewForm';
import { reviewable } from './reviewLogic';
import type { CaseReview } from './types';

/** Phases are the durations the review is read with, in a compact grid. */
function Phases({ caseId }: { caseId: string }) {
  const phases = useCasePhases(caseId);
  if (phases.isPending) return <Skeleton h={48} aria-label="Loading the phase durations" />;
  if (phases.isError)
    return (
      <LoadError
        error={phases.error}
        title="The phase durations could not be loaded"
        onRetry={() => void phases.refetch()}
        retrying={phases.isFetching}
      />
    );
  const lines = [
    ...phaseLines(phases.data).map((l) => ({ ...l, label: `Time ${l.label.toLowerCase()}` })),
    ...phases.data.downtime.map((d) => ({
      label: `Downtime of ${d.service_name}`,
      value: formatDuration(d.downtime_seconds) + (d.running ? ' (still down)' : ''),
    })),
  ];
  return (
    <section aria-label="Phase durations">
      <SimpleGrid cols={{ base: 1, xs: 2, sm: 3 }} spacing="xs" verticalSpacing="xs">
        {lines.map((l) => (
          <Stack key={l.label} gap={0}>
            <Text size="xs" c="dimmed">
              {l.label}
            </Text>
            <Text size="sm" fw={600}>
              {l.value}
            </Text>
          </Stack>
        ))}
      </SimpleGrid>
    </section>
  );
}

function Part({ title, text }: { title: string; text: string }) {
  return (
    <Stack gap={4}>
      <Title order={3} fz="sm">
        {title}
      </Title>
      <Text size="sm" c={text ? undefined : 'dimmed'} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {text || 'Not written.'}
      </Text>
    </Stack>
  );
}

function Status({ review, name }: { review: CaseReview; name: (id: string) => string }) {
  if (review.completed_at) {
    return (
      <Alert color="teal" variant="light" icon={<IconCircleCheck />} title="Review complete">
        Marked complete {formatDateTime(review.completed_at)}
        {review.completed_by_id ? ` by ${name(review.completed_by_id)}` : ''}. It is read-only unless reopened.
      </Alert>
    );
  }
  if (review.reopened_at) {
    return (
      <Text size="xs" c="dimmed">
        Reopened {formatDateTime(review.reopened_at)}
        {review.reopened_by_id ? ` by ${name(review.reopened_by_id)}` : ''}: {review.reopen_reason}
      </Text>
    );
  }
  return null;
}

export function ReviewTab({ c, canEdit }: { c: Case; canEdit: boolean }) {
  const me = useSignedInUser();
  const review = useReview(c.id);
  const people = useCasePeople(c.id);
  const assignees = useAssignees(canEdit);
  const [reopening, setReopening] = useState(false);
  const complete = useCompleteReview(c.id);
  const open = !reviewable(c.status);

  const name = (id: string) => {
    if (id === me.id) return `${me.name} (you)`;
    return (
      people.data?.find((p) => p.id === id)?.name ?? assignees.data?.find((a) => a.id === id)?.name ?? 'Another user'
    );
  };

  let body;
  if (review.isPending) body = <LoadingRows rows={3} label="Loading the review" />;
  else if (review.isError)
    body = (
      <LoadError
        error={review.error}
        title="The review could not be loaded"
        onRetry={() => void review.refetch()}
        retrying={review.isFetching}
      />
    );
  else {
    const r = review.data;
    const editing = canEdit && !open && !r.completed_at;
    body = (
      <Stack gap="md">
        {open ? (
          <Alert color="gray" variant="light" icon={<IconLock />}>
            A review can be written once the case is recovering or closed.
          </Alert>
        ) : null}
        <Status review={r} name={name} />
        {editing ? (
          <ReviewForm
            key={r.written ? 'written' : 'new'}
            caseId={c.id}
            review={r}
            assignees={taskAssignees(assignees.data ?? [], c)}
          />
        ) : r.written ? (
          <Stack gap="sm">
            <Part title="What happened" text={r.what_happened} />
            <Part title="What went well" text={r.went_well} />
            <Part title="What to improve" text={r.to_improve} />
          </Stack>
        ) : !open ? (
          <Text size="sm" c="dimmed">
            No review has been written yet.
          </Text>
        ) : null}
        {r.written || r.follow_ups.length > 0 ? (
          <Stack gap="xs">
            <Title order={3} fz="sm">
              Follow-up actions
            </Title>
            <FollowUpList tasks={r.follow_ups} caseId={c.id} canEdit={canEdit} name={name} />
          </Stack>
        ) : null}
        {complete.isError ? (
          <Alert color="red" variant="light" role="alert" title="Could not mark the review complete">
            {errorMessage(complete.error)}
          </Alert>
        ) : null}
        {canEdit && !open && r.written ? (
          <Group justify="flex-end">
            {r.completed_at ? (
              <Button variant="default" onClick={() => setReopening(true)}>
                Reopen the review
              </Button>
            ) : (
              <Button
                variant="light"
                color="teal"
                leftSection={<IconCircleCheck size={16} />}
                loading={complete.isPending}
                onClick={() => complete.mutate(r)}
              >
                Mark complete
              </Button>
            )}
          </Group>
        ) : null}
        {r.completed_at ? (
          <ReopenDialog opened={reopening} onClose={() => setReopening(false)} caseId={c.id} review={r} />
        ) : null}
      </Stack>
    );
  }

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="md">
        <Title order={2} fz="h4">
          Post-incident review
        </Title>
        <Phases caseId={c.id} />
        {body}
      </Stack>
    </Card>
  );
}
