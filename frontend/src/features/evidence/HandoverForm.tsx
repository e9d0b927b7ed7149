// "Record hand-over": add a link to the chain of custody, with the time given in the recorder's
// own time zone (the browser's by default) and kept with it.
import {
  Alert,
  Autocomplete,
  Button,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useMemo, useState, type FormEvent } from 'react';

import { ApiError, errorMessage } from '../../api/problem';
import { humanize } from '../../components/humanize';
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

const labels: Record<CustodyField, string> = {
  action: 'Action',
  from_party: 'From',
  to_party: 'To',
  location: 'Location',
  purpose: 'Purpose',
  occurred_at: 'When',
  time_zone: 'Time zone',
  note: 'Note',
};

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

/** checkHandover finds what the server would refuse anyway, before sending. */
export function checkHandover(v: Values): Partial<Record<CustodyField, string>> {
  const errors: Partial<Record<CustodyField, string>> = {};
  if (v.action === 'transferred') {
    if (!v.from_party.trim()) errors.from_party = 'A transfer needs the party handing the item over.';
    if (!v.to_party.trim()) errors.to_party = 'A transfer needs the party receiving the item.';
  }
  if (!isValidTimeZone(v.time_zone.trim()))
    errors.time_zone = 'Use a zone such as Europe/London, or an offset such as +01:00.';
  else if (!v.occurred_at || !wallTimeToUtc(v.occurred_at, v.time_zone.trim()))
    errors.occurred_at = 'Enter the date and time.';
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

function serverErrors(error: unknown): { fields: Partial<Record<CustodyField, string>>; other: string | null } {
  if (!error) return { fields: {}, other: null };
  const fields: Partial<Record<CustodyField, string>> = {};
  const rest: string[] = [];
  if (error instanceof ApiError) {
    for (const [field, message] of Object.entries(error.fieldErrors)) {
      if ((custodyFields as readonly string[]).includes(field))
        fields[field as CustodyField] = humanize(message, labels[field as CustodyField]);
      else rest.push(`${field}: ${message}`);
    }
    if (error.status === 422 && rest.length === 0 && Object.keys(fields).length > 0) return { fields, other: null };
  }
  return { fields, other: rest.length > 0 ? rest.join('; ') : errorMessage(error) };
}

interface Props {
  caseId: string;
  evidenceId: string;
  onDone: () => void;
}

export function HandoverForm({ caseId, evidenceId, onDone }: Props) {
  const record = useRecordCustody(caseId, evidenceId);
  const [values, setValues] = useState<Values>(() => initial(browserTimeZone()));
  const [local, setLocal] = useState<Partial<Record<CustodyField, string>>>({});
  // Until the recorder changes it, the time is "now": it follows a change of zone, and the server sets it exactly.
  const [timeTouched, setTimeTouched] = useState(false);
  const zones = useMemo(() => timeZones(), []);
  const server = serverErrors(record.error);
  const errors = { ...server.fields, ...local };

  const set = <K extends CustodyField>(key: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setLocal(({ [key]: _, ...rest }) => rest);
  };

  const setTime = (value: string) => {
    setTimeTouched(true);
    set('occurred_at', value);
  };

  const setZone = (zone: string) => {
    set('time_zone', zone);
    if (!timeTouched && isValidTimeZone(zone.trim()))
      set('occurred_at', utcToWallTime(new Date().toISOString(), zone.trim()));
  };

  const utc = isValidTimeZone(values.time_zone.trim())
    ? wallTimeToUtc(values.occurred_at, values.time_zone.trim())
    : undefined;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = checkHandover(values);
    setLocal(found);
    if (Object.keys(found).length > 0) {
      record.reset();
      return;
    }
    record.mutate(toRequest(values, timeTouched), { onSuccess: onDone });
  };

  const transfer = values.action === 'transferred';
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Record hand-over">
      <Stack gap="sm">
        {server.other ? (
          <Alert color="red" variant="light" icon={<IconAlertCircle />} title="Could not record" role="alert">
            {server.other}
          </Alert>
        ) : null}
        <Select
          label="Action"
          withAsterisk
          data={recordableActions.map((a) => ({ value: a, label: actionInfo[a].label }))}
          value={values.action}
          onChange={(v) => v && set('action', v)}
          allowDeselect={false}
          error={errors.action}
          comboboxProps={{ withinPortal: true }}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="From"
            description="Who handed it over"
            withAsterisk={transfer}
            value={values.from_party}
            onChange={(e) => set('from_party', e.currentTarget.value)}
            error={errors.from_party}
            maxLength={500}
          />
          <TextInput
            label="To"
            description="Who received it"
            withAsterisk={transfer}
            value={values.to_party}
            onChange={(e) => set('to_party', e.currentTarget.value)}
            error={errors.to_party}
            maxLength={500}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Location"
            value={values.location}
            onChange={(e) => set('location', e.currentTarget.value)}
            error={errors.location}
            maxLength={500}
          />
          <TextInput
            label="Purpose"
            value={values.purpose}
            onChange={(e) => set('purpose', e.currentTarget.value)}
            error={errors.purpose}
            maxLength={500}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="When"
            type="datetime-local"
            withAsterisk
            value={values.occurred_at}
            onChange={(e) => setTime(e.currentTarget.value)}
            error={errors.occurred_at}
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
            value={values.time_zone}
            onChange={setZone}
            error={errors.time_zone}
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        <Textarea
          label="Note"
          autosize
          minRows={2}
          maxRows={6}
          value={values.note}
          onChange={(e) => set('note', e.currentTarget.value)}
          error={errors.note}
          maxLength={5000}
        />
        <Text size="xs" c="dimmed">
          Custody records are permanent: they cannot be edited or deleted afterwards.
        </Text>
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
