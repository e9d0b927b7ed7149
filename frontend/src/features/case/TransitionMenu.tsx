// Moving a case along its workflow: the moves come from allowed_transitions; "Close" says why it is disabled.
import { Alert, Button, Checkbox, Group, List, Menu, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertTriangle, IconArrowRight, IconChevronDown, IconCircleCheck, IconRotate } from '@tabler/icons-react';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { ApiError, errorMessage } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import type { Case, CaseStatus } from '../../api/types';
import { StatusBadge } from '../../components/CaseBadges';
import { statusInfo } from '../../components/caseLabels';
import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { useLatest } from '../../components/useLatest';
import { closableCancellingTasks, openTasksLabel } from '../tasks/taskLogic';
import { useTransition } from './queries';

function Refusal({ error }: { error: unknown }) {
  const problem = error instanceof ApiError ? error.problem : null;
  const unmet = problem?.unmet_conditions ?? [];
  const allowed = problem?.allowed_moves ?? [];
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle />} title="The move was refused" role="alert">
      <Stack gap={6}>
        <Text size="sm">{errorMessage(error)}</Text>
        {unmet.length > 0 ? (
          <>
            <Text size="sm" fw={600}>
              What must change first:
            </Text>
            <List size="sm" data-testid="unmet-conditions">
              {unmet.map((u) => (
                <List.Item key={u}>{u}</List.Item>
              ))}
            </List>
          </>
        ) : null}
        {error instanceof ApiError && error.status === 409 ? (
          <Text size="sm">
            Open moves now: {allowed.length ? allowed.map((m) => statusInfo[m].label).join(', ') : 'none'}.
          </Text>
        ) : null}
      </Stack>
    </Alert>
  );
}

const FIELDS = ['note'] as const;
const MAX_NOTE = 5000;

const validateNote = (v: { note: string }) =>
  [...v.note.trim()].length > MAX_NOTE ? { note: `Note must be at most ${MAX_NOTE} characters.` } : {};

function TransitionDialog({ c, to: target, onClose }: { c: Case; to: CaseStatus | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const to = useLatest(target);
  const form = useForm({
    name: 'transition',
    initialValues: { note: '', cancel_tasks: false },
    validate: validateNote,
  });
  const openTasks = to === 'closed' ? (c.open_tasks ?? 0) : 0;
  const move = useTransition(c.id, onClose, {
    onError: (error) => {
      showServerErrors(form, error, FIELDS);
      // The case changed under us, or its conditions did: show what holds now.
      if (error instanceof ApiError && error.status === 409) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.cases.detail(c.id) });
      }
    },
  });
  const onSubmit = submitAll(
    form,
    FIELDS,
    (v) =>
      to &&
      move.mutate({
        to,
        note: v.note.trim() || undefined,
        ...(openTasks > 0 && v.cancel_tasks ? { open_tasks: 'cancel' as const } : {}),
      }),
  );
  const invalid = move.error instanceof ApiError && move.error.status === 422;

  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      onExitTransitionEnd={() => {
        move.reset();
        form.reset();
      }}
      title={to === 'closed' ? `Close ${c.reference}` : `Move ${c.reference}`}
    >
      {to ? (
        <form onSubmit={onSubmit} noValidate aria-label={to === 'closed' ? 'Close the case' : 'Move the case'}>
          <Stack gap="sm">
            <Group gap="xs">
              <StatusBadge status={c.status} />
              <IconArrowRight size={16} />
              <StatusBadge status={to} />
            </Group>
            {move.error && !invalid ? <Refusal error={move.error} /> : null}
            {invalid ? <FormAlert error={move.error} fields={FIELDS} noun="case" /> : null}
            <Textarea
              label="Note"
              description="Optional: why, recorded with the move on the timeline."
              autosize
              minRows={2}
              maxRows={6}
              data-autofocus
              {...form.getInputProps('note')}
            />
            {openTasks > 0 ? (
              <Checkbox
                label={openTasksLabel(openTasks)}
                description="Open tasks keep the case from closing; cancelling them is recorded for each task."
                {...form.getInputProps('cancel_tasks', { type: 'checkbox' })}
              />
            ) : null}
            <ErrorSummary count={errorCount(form.errors)} />
            <Group justify="flex-end" mt="xs">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={move.isPending} color={to === 'closed' ? 'teal' : undefined}>
                {to === 'closed' ? 'Close the case' : `Move to ${statusInfo[to].label.toLowerCase()}`}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Modal>
  );
}

/** TransitionMenu offers the moves open to the case now; only for roles that may move cases. */
export function TransitionMenu({ c }: { c: Case }) {
  const [target, setTarget] = useState<CaseStatus | null>(null);
  const allowed = c.allowed_transitions ?? [];
  const blockers = c.closing_blockers ?? [];
  const moves = allowed.filter((s) => s !== 'closed');
  const canClose = allowed.includes('closed') || closableCancellingTasks(c);

  return (
    <>
      <Menu position="bottom-end" width={320} shadow="md" withinPortal>
        <Menu.Target>
          <Button rightSection={<IconChevronDown size={16} />} variant="filled">
            Change status
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Move to</Menu.Label>
          {moves.length === 0 ? (
            <Text size="sm" c="dimmed" px="sm" py={6}>
              No other move is open now.
            </Text>
          ) : null}
          {moves.map((s) => (
            <Menu.Item
              key={s}
              leftSection={c.status === 'closed' ? <IconRotate size={16} /> : <IconArrowRight size={16} />}
              onClick={() => setTarget(s)}
            >
              {c.status === 'closed' ? `Reopen as ${statusInfo[s].label.toLowerCase()}` : statusInfo[s].label}
            </Menu.Item>
          ))}
          {c.status !== 'closed' ? (
            <>
              <Menu.Divider />
              <Menu.Item
                leftSection={<IconCircleCheck size={16} />}
                color="teal"
                disabled={!canClose}
                onClick={() => setTarget('closed')}
              >
                Close the case
              </Menu.Item>
              {!canClose && blockers.length > 0 ? (
                <Stack
                  gap={4}
                  px="sm"
                  pb="xs"
                  role="group"
                  aria-label="Cannot close yet"
                  data-testid="closing-blockers-menu"
                >
                  <Text size="xs" c="dimmed" fw={600}>
                    Cannot close yet:
                  </Text>
                  {/* Plain lines, not a list: a menu may hold only menu items and groups (ARIA). */}
                  {blockers.map((b) => (
                    <Text key={b} size="xs" c="dimmed">
                      • {b}
                    </Text>
                  ))}
                </Stack>
              ) : null}
            </>
          ) : null}
        </Menu.Dropdown>
      </Menu>
      <TransitionDialog c={c} to={target} onClose={() => setTarget(null)} />
    </>
  );
}
