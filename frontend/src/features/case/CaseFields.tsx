// A case's fields, the same for "New case" and "Edit details"; editing adds the breach status and
// who works on the case (above the switches: an open member list never covers the Save button).
// The order here is CASE_FIELDS' order.
import { NumberInput, Select, SimpleGrid, Switch, TextInput, Textarea } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';

import { useDepartments } from '../../api/queries';
import {
  breachInfo,
  breachStatuses,
  categories,
  categoryLabel,
  options,
  severities,
  severityInfo,
} from '../../components/caseLabels';
import { zoneLabel } from '../../components/dates';
import { departmentOptions } from '../../components/departments';
import { ACCESS_LOCKED, MembersField, OwnerField } from './AccessFields';
import type { CaseValues } from './caseForm';
import type { Person } from './people';

export interface EditExtras {
  person: (id: string) => Person;
  /** Whether the reader may restrict the case or lift its restriction (its owner or an administrator). */
  mayRestrict: boolean;
  /** Whether the owner and members are locked: a restricted case the reader does not control. */
  accessLocked: boolean;
}

export function CaseFields({ form, edit }: { form: UseFormReturnType<CaseValues>; edit?: EditExtras }) {
  const departments = useDepartments();
  return (
    <>
      <TextInput
        label="Title"
        required
        data-autofocus={edit ? undefined : true}
        placeholder="e.g. Suspicious logins on the payroll portal"
        {...form.getInputProps('title')}
      />
      <Textarea
        label="Summary"
        placeholder="What is known so far"
        autosize
        minRows={3}
        maxRows={edit ? 12 : 10}
        {...form.getInputProps('summary')}
      />
      <SimpleGrid cols={{ base: 1, sm: edit ? 2 : 3 }} spacing="sm">
        <Select
          label="Category"
          required
          placeholder="Choose…"
          data={options(categories, (c) => categoryLabel[c])}
          allowDeselect={false}
          {...form.getInputProps('category')}
        />
        <Select
          label="Severity"
          required
          data={options(severities, (s) => severityInfo[s].label)}
          allowDeselect={false}
          {...form.getInputProps('severity')}
        />
        {edit ? (
          <Select
            label="Breach status"
            data={options(breachStatuses, (b) => breachInfo[b].label)}
            allowDeselect={false}
            {...form.getInputProps('breach_status')}
          />
        ) : null}
        <Select
          label="Department"
          placeholder="None"
          data={departmentOptions(departments.data)}
          clearable
          searchable
          nothingFoundMessage="No such department"
          {...form.getInputProps('department_id')}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label="Detected at"
          type="datetime-local"
          required
          description={`When it was first noticed. Times are in ${zoneLabel()}.`}
          {...form.getInputProps('detected_at')}
        />
        <TextInput
          label="Aware at"
          type="datetime-local"
          required
          description="When the organisation became aware: the regulator clock starts here."
          {...form.getInputProps('aware_at')}
        />
      </SimpleGrid>
      {edit ? (
        <>
          <OwnerField form={form} person={edit.person} locked={edit.accessLocked} />
          <MembersField form={form} person={edit.person} locked={edit.accessLocked} />
        </>
      ) : null}
      <Switch
        label="Personal data involved"
        description="The regulator must then be notified within 72 hours of awareness (GDPR Art. 33)."
        mt="xs"
        {...form.getInputProps('personal_data_involved', { type: 'checkbox' })}
      />
      {form.values.personal_data_involved ? (
        <NumberInput
          label="Data subjects (estimate)"
          placeholder="How many people may be affected"
          min={0}
          allowDecimal={false}
          thousandSeparator=" "
          maw={260}
          {...form.getInputProps('data_subjects_estimate')}
        />
      ) : null}
      <Switch
        label="Restricted (need-to-know)"
        description={
          edit && !edit.mayRestrict
            ? ACCESS_LOCKED
            : 'Only administrators, the owner, listed members and auditors can see it.'
        }
        disabled={edit ? !edit.mayRestrict : false}
        color="red"
        {...form.getInputProps('restricted', { type: 'checkbox' })}
      />
    </>
  );
}
