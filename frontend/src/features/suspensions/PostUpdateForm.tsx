// Posting a stakeholder update (or a correction of one): what to say, to whom, and optionally
// a new expected restoration date, which re-plans the suspension.
import { Button, Group, Paper, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';

import { formatDateTime, fromLocalInput } from '../../components/restoration/format';
import type {
  CreateSuspensionUpdateRequest,
  Suspension,
  SuspensionUpdate,
  UpdateAudience,
} from '../../components/restoration/types';
import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { usePostUpdate } from './mutations';
import { ReplanReason, replanLabels } from './SuspensionFields';

/** The fields a server error can land on; one on corrects_id (a stale correction) shows above the form. */
const FIELDS = ['body', 'audience', 'expected_restoration_at', 'replan_reason'] as const;

export interface UpdateValues {
  body: string;
  audience: UpdateAudience;
  expected_restoration_at: string; // datetime-local
  replan_reason: string;
}

/** toUpdateBody turns the form into the request: empty optional fields are left out. */
export function toUpdateBody(v: UpdateValues, corrects: SuspensionUpdate | null): CreateSuspensionUpdateRequest {
  const body: CreateSuspensionUpdateRequest = { body: v.body.trim(), audience: v.audience };
  const expected = fromLocalInput(v.expected_restoration_at);
  if (expected) body.expected_restoration_at = expected;
  if (expected && v.replan_reason.trim()) body.replan_reason = v.replan_reason.trim();
  if (corrects) body.corrects_id = corrects.id;
  return body;
}

interface Props {
  suspension: Suspension;
  /** The service's name on the public status page; without one, public updates are refused. */
  publicName: string | null;
  /** The update this one corrects, if it is a correction. */
  corrects: SuspensionUpdate | null;
  onDone: () => void;
}

export function PostUpdateForm({ suspension: s, publicName, corrects, onDone }: Props) {
  const bodyLabel = corrects ? 'Correction' : 'Update';
  const form = useForm<UpdateValues>({
    name: `post-update-${s.id}`,
    initialValues: {
      body: '',
      audience: corrects?.audience ?? 'internal',
      expected_restoration_at: '',
      replan_reason: '',
    },
    validate: { body: (body) => (body.trim() ? null : `${bodyLabel} is required: write what people should know.`) },
  });
  const values = form.values;
  const replanning = values.expected_restoration_at !== '' && s.baseline_restoration_at !== null;
  const labels = { body: bodyLabel, expected_restoration_at: 'New expected restoration', ...replanLabels };
  const post = usePostUpdate(s.id, (error) => showServerErrors(form, error, FIELDS, labels));

  const onSubmit = submitAll(form, FIELDS, (v) => post.mutate(toUpdateBody(v, corrects), { onSuccess: onDone }));

  const publicHint = corrects
    ? 'A correction keeps the audience of the update it corrects.'
    : publicName
      ? `Also shown on the public status page as “${publicName}”.`
      : 'This service is not on the public status page (it has no public name): an admin can give it one.';

  return (
    <Paper withBorder p="sm" radius="md" bg="var(--cw-surface)">
      <form onSubmit={onSubmit} noValidate aria-label={corrects ? 'Correct update' : 'Post update'}>
        <Stack gap="sm">
          {corrects && (
            <Text size="sm">
              Correcting the {corrects.audience} update of {formatDateTime(corrects.at)} by {corrects.author_name}. The
              original stays as it was; yours is shown as its correction.
            </Text>
          )}
          <FormAlert error={post.error} fields={FIELDS} noun="update" />
          <Textarea
            label={bodyLabel}
            description="What people should know now. Several lines are fine; at most 5000 characters."
            withAsterisk
            autosize
            minRows={3}
            maxRows={10}
            maxLength={5000}
            {...form.getInputProps('body')}
          />
          <Radio.Group label="Audience" description={publicHint} {...form.getInputProps('audience')}>
            <Group gap="lg" mt={6}>
              <Radio
                value="internal"
                label="Internal (staff who may see the case)"
                disabled={corrects?.audience === 'public'}
              />
              <Radio value="public" label="Public" disabled={corrects ? corrects.audience !== 'public' : !publicName} />
            </Group>
          </Radio.Group>
          <TextInput
            type="datetime-local"
            label="New expected restoration (optional)"
            description={`Now expected: ${formatDateTime(s.expected_restoration_at, 'not set')}. A new date re-plans the suspension.`}
            {...form.getInputProps('expected_restoration_at')}
          />
          {replanning && (
            <ReplanReason
              what="expected"
              description={`Promised first for ${formatDateTime(s.baseline_restoration_at)}. Left empty, the update itself is the reason.`}
              placeholder={values.body.trim() || 'The update text'}
              {...form.getInputProps('replan_reason')}
            />
          )}
          <ErrorSummary count={errorCount(form.errors)} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit" size="xs" loading={post.isPending}>
              {corrects ? 'Post correction' : 'Post update'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
