// Server answers to a form: field errors (422 `errors`) go on their fields, everything else in one alert.
import { Alert, List, Text } from '@mantine/core';
import { IconAlertCircle, IconRefreshAlert } from '@tabler/icons-react';
import { useCallback, useState } from 'react';

import { ApiError, errorMessage } from '../api/problem';
import { humanize } from './humanize';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export interface Split<F extends string> {
  fields: FieldErrors<F>;
  /** Field errors for fields this form does not show, as "field: message". */
  others: string[];
}

/** splitErrors sorts a failed call's field errors into those the form shows and the rest. */
export function splitErrors<F extends string>(error: unknown, known: readonly F[]): Split<F> {
  const fields: FieldErrors<F> = {};
  const others: string[] = [];
  if (!(error instanceof ApiError)) return { fields, others };
  for (const [field, message] of Object.entries(error.fieldErrors)) {
    if ((known as readonly string[]).includes(field)) fields[field as F] = humanize(message);
    else others.push(`${field}: ${humanize(message)}`);
  }
  return { fields, others };
}

/** isStale tells whether a write was refused because someone else changed the resource first (412). */
export const isStale = (error: unknown): boolean => error instanceof ApiError && error.status === 412;

/**
 * useFieldErrors keeps a form's server field errors: set them from a failed call, clear one
 * when its field is edited, clear all on a new submit.
 */
export function useFieldErrors<F extends string>(known: readonly F[]) {
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const fromError = useCallback((error: unknown) => setErrors(splitErrors(error, known).fields), [known]);
  const clear = useCallback((field: F) => setErrors(({ [field]: _, ...rest }) => rest as FieldErrors<F>), []);
  const reset = useCallback(() => setErrors({}), []);
  return { errors, fromError, clear, reset };
}

/** StaleAlert says a write was refused with 412 and the latest version has been reloaded. */
export function StaleAlert({ noun }: { noun: string }) {
  return (
    <Alert color="yellow" variant="light" icon={<IconRefreshAlert />} title="Changed by someone else" role="alert">
      This {noun} was changed by someone else while you were editing. The latest version has been reloaded: check it and
      make your change again.
    </Alert>
  );
}

/**
 * FormAlert shows what a failed submit could not show on a field: a 412 as "changed by
 * someone else", field errors for fields the form does not have, or the problem's message.
 */
export function FormAlert<F extends string>({
  error,
  fields,
  noun = 'record',
}: {
  error: unknown;
  fields: readonly F[];
  noun?: string;
}) {
  if (!error) return null;
  if (isStale(error)) return <StaleAlert noun={noun} />;
  const { fields: onFields, others } = splitErrors(error, fields);
  const isValidation = error instanceof ApiError && error.status === 422;
  if (isValidation && others.length === 0 && Object.keys(onFields).length > 0) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle />} title="Could not save" role="alert">
      <Text size="sm">{errorMessage(error)}</Text>
      {others.length > 0 ? (
        <List size="sm" mt={4}>
          {others.map((o) => (
            <List.Item key={o}>{o}</List.Item>
          ))}
        </List>
      ) : null}
    </Alert>
  );
}
