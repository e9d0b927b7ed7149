// The one helper for a form's server answers: field errors (422 `errors`) go on their fields in
// words people read, everything else in one alert; after a failed save the form focuses its first
// invalid field and a summary near the Save button says how many fields need attention.
import { Alert, List, Text } from '@mantine/core';
import { IconAlertCircle, IconRefreshAlert } from '@tabler/icons-react';

import { ApiError, errorMessage } from '../api/problem';
import { humanize } from './humanize';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export interface Split<F extends string> {
  fields: FieldErrors<F>;
  /** Field errors for fields this form does not show, as "Label: message". */
  others: string[];
}

/** words turns a JSON field name into words: "department_id" → "Department", "aware_at" → "Aware at". */
export function words(field: string): string {
  const last =
    field
      .split('.')
      .filter((p) => !/^\d+$/.test(p))
      .pop() ?? field;
  const base = last.replace(/_ids$/, 's').replace(/_id$/, '').replace(/_/g, ' ');
  return base ? `${base.charAt(0).toUpperCase()}${base.slice(1)}` : 'This field';
}

/**
 * splitErrors sorts a failed call's field errors into those the form shows and the rest, each
 * reworded as a sentence (labels name the form's fields; other fields are named in words).
 */
export function splitErrors<F extends string>(
  error: unknown,
  known: readonly F[],
  labels: Partial<Record<string, string>> = {},
): Split<F> {
  const fields: FieldErrors<F> = {};
  const others: string[] = [];
  if (!(error instanceof ApiError)) return { fields, others };
  const serverLabels = error.fieldLabels;
  for (const [field, message] of Object.entries(error.fieldErrors)) {
    const label = labels[field] ?? words(field);
    const said = humanize(message, label, serverLabels[field] ?? words(field));
    if ((known as readonly string[]).includes(field)) fields[field as F] = said;
    else others.push(said);
  }
  return { fields, others };
}

/** Form is the part of a @mantine/form form the helpers below use. */
interface Form<F extends string> {
  errors: Partial<Record<string, unknown>>;
  setErrors: (errors: Partial<Record<F, string>>) => void;
  getInputNode: (path: F) => HTMLElement | null;
}

/**
 * focusFirstError scrolls to and focuses the first field (in the form's order) that has an error,
 * after React has shown the errors.
 */
export function focusFirstError<F extends string>(form: Form<F>, order: readonly F[], errors = form.errors): void {
  const first = order.find((f) => errors[f]);
  if (!first) return;
  requestAnimationFrame(() => {
    const node = form.getInputNode(first);
    if (!node) return;
    node.scrollIntoView?.({ block: 'center' });
    node.focus();
  });
}

/**
 * showServerErrors puts a failed save's field errors on the form's fields (all at once, beside
 * the client's own findings, the server's message winning on a field both flag) and focuses the
 * first; it returns the field errors it could not place, for an alert.
 */
export function showServerErrors<F extends string>(
  form: Form<F>,
  error: unknown,
  order: readonly F[],
  labels: Partial<Record<string, string>> = {},
): string[] {
  const { fields, others } = splitErrors(error, order, labels);
  const merged = { ...(form.errors as FieldErrors<F>), ...fields };
  form.setErrors(merged);
  focusFirstError(form, order, merged);
  return others;
}

/** SubmittableForm is the part of a @mantine/form form submitAll uses. */
interface SubmittableForm<V, F extends string> extends Form<F> {
  validate: () => { hasErrors: boolean; errors: Partial<Record<string, unknown>> };
  getValues: () => V;
}

/**
 * submitAll is every form's submit rule, so one round shows every problem: the client's checks
 * mark their fields at once, but the values still go to the server (the authority, which changes
 * nothing on a 422) so its findings join them in the same round (see showServerErrors). Only
 * checks the server cannot make (`clientOnly`, such as a repeated password) hold a save back.
 */
export function submitAll<V, F extends string>(
  form: SubmittableForm<V, F>,
  order: readonly F[],
  send: (values: V) => void,
  clientOnly: readonly F[] = [],
) {
  return (event?: { preventDefault: () => void }) => {
    event?.preventDefault();
    const { errors } = form.validate();
    if (clientOnly.some((f) => errors[f])) {
      focusFirstError(form, order, errors);
      return;
    }
    send(form.getValues());
  };
}

/** ErrorSummary sits by the Save button after a failed save and says how many fields need attention. */
export function ErrorSummary({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert" py={6}>
      <Text size="sm">
        {count === 1 ? '1 field needs attention.' : `${count} fields need attention.`} Nothing was saved.
      </Text>
    </Alert>
  );
}

/** errorCount counts the fields a @mantine/form form shows an error on. */
export const errorCount = (errors: Record<string, unknown>): number => Object.values(errors).filter(Boolean).length;

/** isStale tells whether a write was refused because someone else changed the resource first (412). */
export const isStale = (error: unknown): boolean => error instanceof ApiError && error.status === 412;

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
