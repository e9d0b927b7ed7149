// Adding a note to the case: department heads write updates only; auditors never see this.
import { Button, Group, Input, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconSend } from '@tabler/icons-react';

import type { NoteKind } from '../../api/types';
import { may } from '../../app/access';
import { useSignedInUser } from '../../app/auth';
import { noteKindInfo, noteKinds } from '../../components/caseLabels';
import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { useAddNote } from './queries';

/** The kind is a field of its own only where the reader may choose it; otherwise a problem with it goes in the alert. */
const ALL_FIELDS = ['kind', 'body'] as const;
const BODY_ONLY = ['body'] as const;
const LABELS = { kind: 'Kind of note', body: 'Note' };
const MAX_BODY = 20000;

const placeholders: Record<NoteKind, string> = {
  update: 'What happened, what was found, what is next…',
  decision: 'What was decided, by whom, and why…',
  statement: 'The wording of a statement made to staff, the public or the press…',
};

interface Values {
  kind: NoteKind;
  body: string;
}

const validate = (v: Values) => {
  const n = [...v.body.trim()].length;
  if (n === 0) return { body: 'Note is required.' };
  return n > MAX_BODY ? { body: `Note must be at most ${MAX_BODY} characters.` } : {};
};

export function NoteComposer({ caseId }: { caseId: string }) {
  const me = useSignedInUser();
  const kinds = may(me.role, 'note.any_kind') ? noteKinds : (['update'] as NoteKind[]);
  const fields = kinds.length > 1 ? ALL_FIELDS : BODY_ONLY;
  const form = useForm<Values>({ name: 'note', initialValues: { kind: 'update', body: '' }, validate });
  const add = useAddNote(caseId, () => form.setFieldValue('body', ''), {
    onError: (error) => showServerErrors(form, error, fields, LABELS),
  });
  const { kind, body } = form.values;

  const onSubmit = submitAll(form, fields, (v) => add.mutate({ kind: v.kind, body: v.body.trim() }));

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Add a note">
      <Stack gap="xs">
        <FormAlert error={add.error} fields={fields} noun="note" />
        {kinds.length > 1 ? (
          <Input.Wrapper error={form.errors.kind}>
            <SegmentedControl
              size="xs"
              data={kinds.map((k) => ({ value: k, label: noteKindInfo[k].label }))}
              aria-label="Kind of note"
              value={kind}
              onChange={(k) => form.setFieldValue('kind', k)}
            />
          </Input.Wrapper>
        ) : null}
        <Textarea
          aria-label="Note"
          placeholder={placeholders[kind]}
          autosize
          minRows={2}
          maxRows={10}
          {...form.getInputProps('body')}
        />
        <ErrorSummary count={errorCount(form.errors)} />
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            {kinds.length > 1
              ? 'Notes are permanent: they cannot be edited or deleted.'
              : 'Your note is added as an update. Notes are permanent.'}
          </Text>
          <Button
            type="submit"
            size="xs"
            leftSection={<IconSend size={14} />}
            loading={add.isPending}
            disabled={!body.trim()}
          >
            Add {noteKindInfo[kind].label.toLowerCase()}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
