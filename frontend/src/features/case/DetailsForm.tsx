// Editing a case's details; only what changed is sent, with the ETag of the case as read.
import {
  Alert,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';

import { useAssignees, useDepartments } from '../../api/queries';
import type { Case, Versioned } from '../../api/types';
import { useSignedInUser } from '../../app/auth';
import {
  breachInfo,
  breachStatuses,
  categories,
  categoryLabel,
  options,
  severities,
  severityInfo,
} from '../../components/caseLabels';
import { departmentOptions } from '../../components/departments';
import { FormAlert, isStale, useFieldErrors } from '../../components/formErrors';
import { changedDetails, DETAIL_FIELDS, detailValues, type DetailValues } from './caseForm';
import type { Person } from './people';
import { useUpdateCase } from './queries';

/**
 * useAssigneeOptions lists the accounts that may own a case, plus the ids already chosen
 * that are not among them (a disabled account), named as the reader knows them.
 */
function useAssigneeOptions(chosen: readonly string[], person: (id: string) => Person) {
  const me = useSignedInUser();
  const assignees = useAssignees(me.role === 'admin' || me.role === 'responder');
  const data = (assignees.data ?? []).map((u) => ({
    value: u.id,
    label: u.id === me.id ? `${u.name} (you)` : `${u.name} (${u.email})`,
  }));
  for (const id of chosen) {
    if (!data.some((d) => d.value === id)) data.push({ value: id, label: person(id).label });
  }
  return data;
}

// The server lets only a case's owner or an administrator restrict it, or change who sees a restricted one.
const ACCESS_LOCKED = "Only the case's owner or an administrator may change this.";

function OwnerField({
  value,
  onChange,
  error,
  person,
  locked,
}: {
  value: string;
  onChange: (id: string) => void;
  error?: string;
  person: (id: string) => Person;
  locked: boolean;
}) {
  const data = useAssigneeOptions([value], person);
  return (
    <Select
      label="Owner"
      description={locked ? ACCESS_LOCKED : undefined}
      data={data}
      value={value}
      allowDeselect={false}
      searchable
      disabled={locked}
      onChange={(v) => v && onChange(v)}
      error={error}
    />
  );
}

function MembersField({
  value,
  onChange,
  error,
  person,
  owner,
  locked,
}: {
  value: string[];
  onChange: (ids: string[]) => void;
  error?: string;
  person: (id: string) => Person;
  owner: string;
  locked: boolean;
}) {
  const data = useAssigneeOptions(value, person).filter((d) => d.value !== owner || value.includes(owner));
  return (
    <MultiSelect
      label="Members"
      description={
        locked
          ? ACCESS_LOCKED
          : 'Colleagues working the case: on a restricted case, only they, the owner, administrators and auditors may read it.'
      }
      placeholder={value.length === 0 ? 'No one else' : undefined}
      disabled={locked}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      hidePickedOptions
      error={error}
    />
  );
}

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
  const departments = useDepartments();
  // The case as it was when editing began: its ETag goes with the PATCH, whatever a refetch brings meanwhile.
  const [snapshot] = useState(current);
  const c = snapshot.item;
  const [values, setValues] = useState<DetailValues>(() => detailValues(c));
  const errors = useFieldErrors(DETAIL_FIELDS);
  const save = useUpdateCase(snapshot, { onSaved: onDone, onStale });
  const me = useSignedInUser();
  const navigate = useNavigate();
  const controlsAccess = me.role === 'admin' || c.owner_id === me.id;
  const accessLocked = c.restricted && !controlsAccess;
  const losesAccess =
    values.restricted && me.role === 'responder' && values.owner_id !== me.id && !values.member_ids.includes(me.id);
  const body = changedDetails(c, values);
  const dirty = Object.keys(body).length > 0;

  const set =
    <K extends keyof DetailValues>(field: K) =>
    (value: DetailValues[K]) => {
      setValues((v) => ({ ...v, [field]: value }));
      errors.clear(field);
    };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    errors.reset();
    // Handed away, the case is no longer the reader's to see: back to the list (the form said so).
    save.mutate(body, { onError: errors.fromError, onSuccess: () => losesAccess && void navigate('/cases') });
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Case details">
      <Stack gap="sm">
        {isStale(save.error) ? null : <FormAlert error={save.error} fields={DETAIL_FIELDS} noun="case" />}
        <TextInput
          label="Title"
          required
          value={values.title}
          onChange={(e) => set('title')(e.currentTarget.value)}
          error={errors.errors.title}
        />
        <Textarea
          label="Summary"
          autosize
          minRows={3}
          maxRows={12}
          value={values.summary}
          onChange={(e) => set('summary')(e.currentTarget.value)}
          error={errors.errors.summary}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Select
            label="Category"
            data={options(categories, (v) => categoryLabel[v])}
            value={values.category}
            allowDeselect={false}
            onChange={(v) => v && set('category')(v)}
            error={errors.errors.category}
          />
          <Select
            label="Severity"
            data={options(severities, (v) => severityInfo[v].label)}
            value={values.severity}
            allowDeselect={false}
            onChange={(v) => v && set('severity')(v)}
            error={errors.errors.severity}
          />
          <Select
            label="Breach status"
            data={options(breachStatuses, (v) => breachInfo[v].label)}
            value={values.breach_status}
            allowDeselect={false}
            onChange={(v) => v && set('breach_status')(v)}
            error={errors.errors.breach_status}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label="Department"
            placeholder="None"
            data={departmentOptions(departments.data)}
            value={values.department_id}
            onChange={set('department_id')}
            clearable
            searchable
            error={errors.errors.department_id}
          />
          <OwnerField
            value={values.owner_id}
            onChange={set('owner_id')}
            error={errors.errors.owner_id}
            person={person}
            locked={accessLocked}
          />
          <TextInput
            label="Detected at"
            type="datetime-local"
            value={values.detected_at}
            onChange={(e) => set('detected_at')(e.currentTarget.value)}
            error={errors.errors.detected_at}
          />
          <TextInput
            label="Aware at"
            type="datetime-local"
            value={values.aware_at}
            onChange={(e) => set('aware_at')(e.currentTarget.value)}
            error={errors.errors.aware_at}
          />
        </SimpleGrid>
        <MembersField
          value={values.member_ids}
          onChange={set('member_ids')}
          error={errors.errors.member_ids}
          person={person}
          owner={values.owner_id}
          locked={accessLocked}
        />
        {losesAccess ? (
          <Alert color="yellow" variant="light" role="alert" title="You will lose access to this case">
            A restricted case is read only by administrators, auditors, its owner and its members. Add yourself as a
            member to keep working on it.
          </Alert>
        ) : null}
        <Group gap="xl" align="flex-start" mt="xs">
          <Switch
            label="Personal data involved"
            checked={values.personal_data_involved}
            onChange={(e) => set('personal_data_involved')(e.currentTarget.checked)}
            error={errors.errors.personal_data_involved}
          />
          <Switch
            label="Restricted (need-to-know)"
            description={controlsAccess ? undefined : ACCESS_LOCKED}
            disabled={!controlsAccess}
            color="red"
            checked={values.restricted}
            onChange={(e) => set('restricted')(e.currentTarget.checked)}
            error={errors.errors.restricted}
          />
        </Group>
        {values.personal_data_involved ? (
          <NumberInput
            label="Data subjects (estimate)"
            min={0}
            allowDecimal={false}
            thousandSeparator=" "
            value={values.data_subjects_estimate}
            onChange={set('data_subjects_estimate')}
            error={errors.errors.data_subjects_estimate}
            w={260}
          />
        ) : null}
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
