// "Record hand-over": add a link to the chain of custody, with the time given in the recorder's
// own time zone (the browser's by default) and kept with it.
import { Autocomplete, Button, Group, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMemo, useState } from 'react';

import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { actionInfo, recordableActions } from './labels';
import { useRecordCustody } from './queries';
import type { CreateCustodyRequest, CustodyAction } from './types';
import { browserTimeZone, isValidTimeZone, timeZones, utcToWallTime, wallTimeToUtc } from '../../components/zones';
import { formatUtc } from './zones';

export const custodyFields = [
  'action',
  'from_party',
  'to_party',
  'location',
  'purpose',
  'occurred_at',
  'time_zone',
  'note',
] as const;
export type CustodyField = (typeof custodyFields)[number];

/** The form's labels where the server names a field otherwise (its field errors carry its label). */
const formLabels = { from_party: 'From', to_party: 'To', occurred_at: 'When' };

type Values = Record<Exclude<CustodyField, 'action'>, string> & { action: CustodyAction };

const initial = (zone: string): Values => ({
  action: 'transferred',
  from_party: '',
  to_party: '',
  location: '',
  purpose: '',
  occurred_at: utcToWallTime(new Date().toISOString(), zone),
  time_zone: zone,
  note: '',
});

/** checkHandover is the server's obvious checks, shown with its answer in the same round. */
export function checkHandover(v: Values): Partial<Record<CustodyField, string>> {
  const errors: Partial<Record<CustodyField, string>> = {};
  if (v.action === 'transferred') {
    if (!v.from_party.trim()) errors.from_party = 'From is required for a transfer: who handed the item over.';
    if (!v.to_party.trim()) errors.to_party = 'To is required for a transfer: who received the item.';
  }
  if (!isValidTimeZone(v.time_zone.trim()))
    errors.time_zone = 'Time zone must be a zone such as Europe/London, or an offset such as +01:00.';
  else if (!v.occurred_at || !wallTimeToUtc(v.occurred_at, v.time_zone.trim()))
    errors.occurred_at = 'When is required: enter the date and time.';
  return errors;
}

/** toRequest builds the body; an untouched time is left out, so the server records the moment it receives it. */
function toRequest(v: Values, timeTouched: boolean): CreateCustodyRequest {
  const zone = v.time_zone.trim();
  const body: CreateCustodyRequest = { action: v.action, time_zone: zone };
  if (timeTouched) body.occurred_at = wallTimeToUtc(v.occurred_at, zone);
  for (const key of ['from_party', 'to_party', 'location', 'purpose', 'note'] as const) {
    const value = v[key].trim();
    if (value) body[key] = value;
  }
  return body;
}

interface Props {
  caseId: string;
  evidenceId: string;
  onDone: () => void;
}

export function HandoverForm({ caseId, evidenceId, onDone }: Props) {
  const form = useForm<Values>({
    name: `handover-${evidenceId}`,
    initialValues: initial(browserTimeZone()),
    validate: checkHandover,
  });
  const record = useRecordCustody(caseId, evidenceId, (error) =>
    showServerErrors(form, error, custodyFields, formLabels),
  );
  // Until the recorder changes it, the time is "now": it follows a change of zone, and the server sets it exactly.
  const [timeTouched, setTimeTouched] = useState(false);
  const zones = useMemo(() => timeZones(), []);
  const values = form.values;

  const setZone = (zone: string) => {
    form.setFieldValue('time_zone', zone);
    if (!timeTouched && isValidTimeZone(zone.trim()))
      form.setFieldValue('occurred_at', utcToWallTime(new Date().toISOString(), zone.trim()));
  };

  const utc = isValidTimeZone(values.time_zone.trim())
    ? wallTimeToUtc(values.occurred_at, values.time_zone.trim())
    : undefined;

  const onSubmit = submitAll(form, custodyFields, (v) =>
    record.mutate(toRequest(v, timeTouched), {
      onSuccess: onDone,
    }),
  );

  const transfer = values.action === 'transferred';
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Record hand-over">
      <Stack gap="sm">
        <FormAlert error={record.error} fields={custodyFields} noun="chain of custody" />
        <Select
          label="Action"
          withAsterisk
          data={recordableActions.map((a) => ({ value: a, label: actionInfo[a].label }))}
          {...form.getInputProps('action')}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="From"
            description="Who handed it over"
            withAsterisk={transfer}
            {...form.getInputProps('from_party')}
            maxLength={500}
          />
          <TextInput
            label="To"
            description="Who received it"
            withAsterisk={transfer}
            {...form.getInputProps('to_party')}
            maxLength={500}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Location" {...form.getInputProps('location')} maxLength={500} />
          <TextInput label="Purpose" {...form.getInputProps('purpose')} maxLength={500} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="When"
            type="datetime-local"
            withAsterisk
            {...form.getInputProps('occurred_at')}
            onChange={(e) => {
              setTimeTouched(true);
              form.setFieldValue('occurred_at', e.currentTarget.value);
            }}
            description={
              !timeTouched ? 'Now, unless you change it' : utc ? `= ${formatUtc(utc)}` : 'In the time zone on the right'
            }
          />
          <Autocomplete
            label="Time zone"
            withAsterisk
            description="IANA zone or offset, e.g. +01:00"
            data={zones}
            limit={50}
            {...form.getInputProps('time_zone')}
            onChange={setZone}
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        <Textarea label="Note" autosize minRows={2} maxRows={6} {...form.getInputProps('note')} maxLength={5000} />
        <Text size="xs" c="dimmed">
          Custody records are permanent: they cannot be edited or deleted afterwards.
        </Text>
        <ErrorSummary count={errorCount(form.errors)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone} disabled={record.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={record.isPending}>
            Record hand-over
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
