// Posting a stakeholder update (or a correction of one): what to say, to whom, and optionally
// a new expected restoration date, which re-plans the suspension.
import { Alert, Button, Group, Paper, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';

import { formatDateTime, fromLocalInput } from '../../components/restoration/format';
import type {
  CreateSuspensionUpdateRequest,
  Suspension,
  SuspensionUpdate,
  UpdateAudience,
} from '../../components/restoration/types';
import { formProblem } from '../../components/formErrors';
import { usePostUpdate } from './mutations';

/** The fields a server error can land on; one on corrects_id (a stale correction) shows above the form. */
const formFields = ['body', 'audience', 'expected_restoration_at', 'replan_reason'] as const;
type FormField = (typeof formFields)[number];

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
  const post = usePostUpdate(s.id);
  const [values, setValues] = useState<UpdateValues>({
    body: '',
    audience: corrects?.audience ?? 'internal',
    expected_restoration_at: '',
    replan_reason: '',
  });
  const [bodyMissing, setBodyMissing] = useState(false);
  const server = formProblem<FormField>(post.error, formFields, 'The update could not be posted');
  const replanning = values.expected_restoration_at !== '' && s.baseline_restoration_at !== null;

  const change = <K extends keyof UpdateValues>(field: K, value: UpdateValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (field === 'body') setBodyMissing(false);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!values.body.trim()) {
      setBodyMissing(true);
      return;
    }
    post.mutate(toUpdateBody(values, corrects), { onSuccess: onDone });
  };

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
          {server.form && (
            <Alert color="red" variant="light" icon={<IconAlertCircle />} title={server.form.title} role="alert">
              {server.form.message}
            </Alert>
          )}
          <Textarea
            label={corrects ? 'Correction' : 'Update'}
            description="What people should know now. Several lines are fine; at most 5000 characters."
            withAsterisk
            autosize
            minRows={3}
            maxRows={10}
            maxLength={5000}
            value={values.body}
            onChange={(e) => change('body', e.currentTarget.value)}
            error={bodyMissing ? 'Write the update.' : server.fields.body}
          />
          <Radio.Group
            label="Audience"
            description={publicHint}
            value={values.audience}
            onChange={(v) => change('audience', v)}
            error={server.fields.audience}
          >
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
            value={values.expected_restoration_at}
            onChange={(e) => change('expected_restoration_at', e.currentTarget.value)}
            error={server.fields.expected_restoration_at}
          />
          {replanning && (
            <Textarea
              label="Why does the expected date move?"
              description={`Promised first for ${formatDateTime(s.baseline_restoration_at)}. Left empty, the update itself is the reason.`}
              placeholder={values.body.trim() || 'The update text'}
              autosize
              minRows={2}
              maxLength={1000}
              value={values.replan_reason}
              onChange={(e) => change('replan_reason', e.currentTarget.value)}
              error={server.fields.replan_reason}
            />
          )}
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
