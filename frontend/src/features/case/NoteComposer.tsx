// Adding a note to the case: department heads write updates only; auditors never see this.
import { Button, Group, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';

import type { NoteKind } from '../../api/types';
import { may } from '../../app/access';
import { useSignedInUser } from '../../app/auth';
import { noteKindInfo, noteKinds } from '../../components/caseLabels';
import { FormAlert, useFieldErrors } from '../../components/formErrors';
import { useAddNote } from './queries';

const FIELDS = ['kind', 'body'] as const;

const placeholders: Record<NoteKind, string> = {
  update: 'What happened, what was found, what is next…',
  decision: 'What was decided, by whom, and why…',
  statement: 'The wording of a statement made to staff, the public or the press…',
};

export function NoteComposer({ caseId }: { caseId: string }) {
  const me = useSignedInUser();
  const kinds = may(me.role, 'note.any_kind') ? noteKinds : (['update'] as NoteKind[]);
  const [kind, setKind] = useState<NoteKind>('update');
  const [body, setBody] = useState('');
  const errors = useFieldErrors(FIELDS);
  const add = useAddNote(caseId, () => setBody(''));

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    errors.reset();
    add.mutate({ kind, body: body.trim() }, { onError: errors.fromError });
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Add a note">
      <Stack gap="xs">
        <FormAlert error={add.error} fields={FIELDS} noun="note" />
        {kinds.length > 1 ? (
          <SegmentedControl
            size="xs"
            value={kind}
            onChange={(v) => {
              setKind(v);
              errors.clear('kind');
            }}
            data={kinds.map((k) => ({ value: k, label: noteKindInfo[k].label }))}
            aria-label="Kind of note"
            style={{ alignSelf: 'flex-start' }}
          />
        ) : null}
        <Textarea
          aria-label="Note"
          placeholder={placeholders[kind]}
          autosize
          minRows={2}
          maxRows={10}
          value={body}
          onChange={(e) => {
            setBody(e.currentTarget.value);
            errors.clear('body');
          }}
          error={errors.errors.body ?? errors.errors.kind}
        />
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
