// Editing a case's details; only what changed is sent, with the ETag of the case as read.
import { Alert, Button, Group, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useNavigate } from 'react-router';

import type { Case, Versioned } from '../../api/types';
import { useSignedInUser } from '../../app/auth';
import { ErrorSummary, errorCount, FormAlert, isStale, showServerErrors, submitAll } from '../../components/formErrors';
import { CaseFields } from './CaseFields';
import { CASE_FIELDS, CASE_LABELS, caseValues, changedDetails, validateCase, type CaseValues } from './caseForm';
import type { Person } from './people';
import { useUpdateCase } from './queries';

export function DetailsForm({
  current,
  person,
  onStale,
  onDone,
}: {
  current: Versioned<Case>;
  person: (id: string) => Person;
  onStale: () => void;
  onDone: () => void;
}) {
  // The case as it was when editing began: its ETag goes with the PATCH, whatever a refetch brings meanwhile.
  const [snapshot] = useState(current);
  const c = snapshot.item;
  const form = useForm<CaseValues>({
    name: 'case-details',
    initialValues: caseValues(c),
    validate: (v) => validateCase(v),
  });
  const save = useUpdateCase(snapshot, {
    onSaved: onDone,
    onStale,
    onError: (error) => showServerErrors(form, error, CASE_FIELDS, CASE_LABELS),
  });
  const me = useSignedInUser();
  const navigate = useNavigate();
  const values = form.values;
  const mayRestrict = me.role === 'admin' || c.owner_id === me.id;
  const losesAccess =
    values.restricted && me.role === 'responder' && values.owner_id !== me.id && !values.member_ids.includes(me.id);
  const dirty = Object.keys(changedDetails(c, values)).length > 0;

  const onSubmit = submitAll(form, CASE_FIELDS, (v) =>
    save.mutate(changedDetails(c, v), {
      // Handed away, the case is no longer the reader's to see: back to the list (the form said so).
      onSuccess: () => losesAccess && void navigate('/cases'),
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Case details">
      <Stack gap="sm">
        {isStale(save.error) ? null : <FormAlert error={save.error} fields={CASE_FIELDS} noun="case" />}
        <CaseFields form={form} edit={{ person, mayRestrict, accessLocked: c.restricted && !mayRestrict }} />
        {losesAccess ? (
          <Alert color="yellow" variant="light" role="alert" title="You will lose access to this case">
            A restricted case is read only by administrators, auditors, its owner and its members. Add yourself as a
            member to keep working on it.
          </Alert>
        ) : null}
        <ErrorSummary count={errorCount(form.errors)} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!dirty}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
