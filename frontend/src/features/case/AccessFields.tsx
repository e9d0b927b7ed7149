// Who works on a case: its owner and members, chosen among the accounts that may own a case.
import { MultiSelect, Select } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';

import { useAssignees } from '../../api/queries';
import { useSignedInUser } from '../../app/auth';
import type { CaseValues } from './caseForm';
import type { Person } from './people';

/** The server lets only a case's owner or an administrator restrict it, or change who sees a restricted one. */
export const ACCESS_LOCKED = "Only the case's owner or an administrator may change this.";

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

interface Props {
  form: UseFormReturnType<CaseValues>;
  person: (id: string) => Person;
  /** Set when the reader may not change who sees this restricted case. */
  locked: boolean;
}

export function OwnerField({ form, person, locked }: Props) {
  const data = useAssigneeOptions([form.values.owner_id], person);
  return (
    <Select
      label="Owner"
      description={locked ? ACCESS_LOCKED : undefined}
      data={data}
      allowDeselect={false}
      searchable
      disabled={locked}
      {...form.getInputProps('owner_id')}
    />
  );
}

export function MembersField({ form, person, locked }: Props) {
  const { owner_id: owner, member_ids: members } = form.values;
  const data = useAssigneeOptions(members, person).filter((d) => d.value !== owner || members.includes(owner));
  return (
    <MultiSelect
      label="Members"
      description={
        locked
          ? ACCESS_LOCKED
          : 'Colleagues working the case: on a restricted case, only they, the owner, administrators and auditors may read it.'
      }
      placeholder={members.length === 0 ? 'No one else' : undefined}
      disabled={locked}
      data={data}
      searchable
      hidePickedOptions
      {...form.getInputProps('member_ids')}
    />
  );
}
