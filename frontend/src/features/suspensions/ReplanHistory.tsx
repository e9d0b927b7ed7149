// Every move of a promised date, with its reason, who moved it and when: the record behind
// "moved 2×", for whoever may see the case. Read only when opened.
import { Anchor, Stack, Text, Timeline } from '@mantine/core';
import { useState } from 'react';

import { useApi } from '../../api/context';
import { usePagedList } from '../../api/paged';
import { unwrap } from '../../api/problem';
import { queryKeys, useCasePeople } from '../../api/queries';
import { LoadMore } from '../../components/LoadMore';
import { dueMoved, formatDateTime } from '../../components/restoration/format';
import type { Suspension } from '../../components/restoration/types';

const PAGE = 50;

function useReplans(suspensionId: string, enabled: boolean) {
  const { client } = useApi();
  return usePagedList(
    queryKeys.restoration.suspensionReplans(suspensionId),
    async (cursor, signal) =>
      unwrap(
        await client.GET('/suspensions/{id}/replans', {
          params: { path: { id: suspensionId }, query: { limit: PAGE, ...(cursor ? { cursor } : {}) } },
          signal,
        }),
      ),
    { enabled },
  );
}

export function ReplanHistory({ suspension: s }: { suspension: Suspension }) {
  const [open, setOpen] = useState(false);
  const replans = useReplans(s.id, open);
  const people = useCasePeople(s.case_id, open);
  if (s.replan_count === 0 && !s.milestones.some(dueMoved)) return null;

  const name = (id: string) => people.data?.find((p) => p.id === id)?.name ?? 'someone';
  const title = (milestoneId: string | null) =>
    milestoneId === null
      ? 'Expected restoration'
      : (s.milestones.find((m) => m.id === milestoneId)?.title ?? 'A milestone');

  return (
    <Stack gap="xs">
      <Anchor component="button" type="button" size="sm" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        {open ? 'Hide why the dates moved' : 'Why the dates moved'}
      </Anchor>
      {open && (
        <>
          {replans.query.isPending ? (
            <Text size="sm" c="dimmed">
              Loading the re-plans…
            </Text>
          ) : (
            <Timeline bulletSize={10} lineWidth={2} aria-label="Re-plans">
              {replans.items.map((r) => (
                <Timeline.Item
                  key={r.id}
                  data-testid="replan"
                  title={
                    <Text size="sm" fw={600}>
                      {title(r.milestone_id)}: {formatDateTime(r.from, 'no date')} → {formatDateTime(r.to, 'no date')}
                    </Text>
                  }
                >
                  <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {r.reason}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {name(r.by_id)} · {formatDateTime(r.at)}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          )}
          {replans.hasMore && (
            <LoadMore
              hasMore={replans.hasMore}
              loading={replans.loadingMore}
              onLoad={replans.loadMore}
              shown={replans.items.length}
              noun={['re-plan', 're-plans']}
            />
          )}
        </>
      )}
    </Stack>
  );
}
