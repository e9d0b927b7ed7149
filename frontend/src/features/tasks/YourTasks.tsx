// My work's "Your tasks": the open tasks assigned to you on cases you may see, soonest due first.
import { Badge } from '@mantine/core';
import { IconListCheck } from '@tabler/icons-react';

import { formatDateTime } from '../../components/dates';
import { WorkCard, WorkRow } from '../overview/WorkCard';
import { progress, statusLabels } from './taskLogic';
import type { WorkTask } from './types';

export function YourTasks({ list }: { list: { items: WorkTask[]; more: number; more_capped: boolean } }) {
  return (
    <WorkCard
      title="Your tasks"
      icon={IconListCheck}
      testId="work-tasks"
      count={list.items.length}
      more={list}
      empty="No open task is assigned to you. Tasks handed to you on a case's Tasks tab appear here, the soonest due first."
    >
      {list.items.map(({ task: t, case_reference, case_title }) => {
        const checklist = progress(t.checklist);
        return (
          <WorkRow
            key={t.id}
            to={`/cases/${t.case_id}?tab=tasks`}
            label={t.title}
            detail={`${case_reference} ${case_title} · ${statusLabels[t.status]}${
              t.due_at ? ` · due ${formatDateTime(t.due_at)}` : ''
            }${checklist ? ` · ${checklist}` : ''}`}
            aside={
              t.overdue ? (
                <Badge color="red" variant="light" size="sm">
                  Overdue
                </Badge>
              ) : undefined
            }
          />
        );
      })}
    </WorkCard>
  );
}
