// Splitting an API refusal into messages for the form's own fields and one message for the form.
import { ApiError, errorMessage } from '../../api/problem';

export interface SplitErrors<F extends string> {
  /** Messages for the form's fields, from a 422's `errors`. */
  fields: Partial<Record<F, string>>;
  /** What to say above the form; null when everything is shown on the fields. */
  form: { title: string; message: string } | null;
}

/**
 * splitErrors puts each server field error on its field. Anything else (a 409 such as "this
 * service is already suspended", a field the form does not show, a network failure) becomes one
 * plain message above the form, under `title`.
 */
export function splitErrors<F extends string>(error: unknown, fields: readonly F[], title: string): SplitErrors<F> {
  if (!error) return { fields: {}, form: null };
  const known = new Set<string>(fields);
  const placed: Partial<Record<F, string>> = {};
  const unplaced: string[] = [];
  if (error instanceof ApiError) {
    for (const [field, message] of Object.entries(error.fieldErrors)) {
      if (known.has(field)) placed[field as F] = message;
      else unplaced.push(`${field}: ${message}`);
    }
  }
  if (Object.keys(placed).length > 0 && unplaced.length === 0) return { fields: placed, form: null };
  return { fields: placed, form: { title, message: unplaced.length > 0 ? unplaced.join('; ') : errorMessage(error) } };
}
