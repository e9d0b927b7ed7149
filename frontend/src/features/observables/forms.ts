// What the observable screens derive: the words for sightings and for a bulk add's outcome, the body of a
// change, pasted text made sendable, and a bulk add's field errors sorted onto the rows and fields they name.
import { ApiError } from '../../api/problem';
import { words } from '../../components/formErrors';
import { humanize } from '../../components/humanize';
import type { Observable, ObservableAdded, PAP, TLP, UpdateObservableRequest } from './types';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** sightingsLabel says in how many other cases (that the reader may see) a value was seen. */
export function sightingsLabel(n: number): string {
  return n === 0 ? 'Not seen in other cases' : `Seen in ${plural(n, 'other case', 'other cases')}`;
}

/** searchPath is the address of the search across cases for value. */
export function searchPath(value: string): string {
  return `/observables?${new URLSearchParams({ value }).toString()}`;
}

/** addedReport tells how many of a bulk add's values are new and how many merged into ones the case held. */
export function addedReport(results: readonly Pick<ObservableAdded, 'merged'>[]): string {
  const merged = results.filter((r) => r.merged).length;
  const added = results.length - merged;
  const parts = [`Added ${plural(added, 'observable', 'observables')}`];
  if (merged > 0) parts.push(`${merged} merged into ${merged === 1 ? 'one' : 'ones'} already on this case`);
  return `${parts.join('; ')}.`;
}

// Characters the API refuses in any text (control, line and paragraph separators, bidirectional overrides):
// a pasted mail may carry them unseen. None can be part of an observable, so they become spaces.
// eslint-disable-next-line no-control-regex
const REFUSED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/** sendable is pasted text as the preview accepts it. */
export const sendable = (text: string) => text.replace(REFUSED, ' ');

/** The fields of the edit form. */
export interface MarkingValues {
  tlp: TLP;
  pap: PAP;
  ioc: boolean;
  tags: string[];
  description: string;
  source: string;
}

/** cleanTags trims the tags and drops empty ones and repeats. */
export const cleanTags = (tags: readonly string[]) => [...new Set(tags.map((t) => t.trim()).filter(Boolean))];

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** change is the body of an edit: only the fields that differ from the observable; null when none does. */
export function change(o: Observable, v: MarkingValues): UpdateObservableRequest | null {
  const body: UpdateObservableRequest = {};
  if (v.tlp !== o.tlp) body.tlp = v.tlp;
  if (v.pap !== o.pap) body.pap = v.pap;
  if (v.ioc !== o.ioc) body.ioc = v.ioc;
  const tags = cleanTags(v.tags);
  if (!sameList(tags, o.tags)) body.tags = tags;
  if (v.description.trim() !== o.description) body.description = v.description.trim();
  if (v.source.trim() !== o.source) body.source = v.source.trim();
  return Object.keys(body).length > 0 ? body : null;
}

/**
 * withoutIndexes is a failed call's error with each field's list index left out ("tags.0" → "tags"), so an
 * error about one tag shows on the tags field; anything else is returned as it is.
 */
export function withoutIndexes(error: unknown): unknown {
  if (!(error instanceof ApiError) || !error.problem?.errors) return error;
  const errors = error.problem.errors.map((e) => ({ ...e, field: e.field.replace(/(\.\d+|\[\d+\])+$/, '') }));
  return new ApiError(error.status, { ...error.problem, errors }, error.retryAfterSeconds);
}

/** The fields a bulk add applies to every item, which the paste form shows once. */
export type SharedField = 'tlp' | 'pap' | 'ioc' | 'tags';
const SHARED: readonly string[] = ['tlp', 'pap', 'ioc', 'tags'];

const sharedLabels: Record<SharedField, string> = {
  tlp: 'TLP',
  pap: 'PAP',
  ioc: 'Indicator of compromise',
  tags: 'Tags',
};

export interface BulkErrors {
  /** A message per item sent (by its index in the request), about its type or value. */
  rows: Map<number, string>;
  /** A message per field applied to all. */
  shared: Partial<Record<SharedField, string>>;
  /** Everything else, as sentences. */
  others: string[];
}

/**
 * bulkErrors sorts a bulk add's 422 by the item and the field it names. The domain names them
 * `items[3].value`, the contract's shape check `items.3.value` (and `items.3.tags.0`): both are read.
 */
export function bulkErrors(error: unknown): BulkErrors {
  const out: BulkErrors = { rows: new Map(), shared: {}, others: [] };
  if (!(error instanceof ApiError)) return out;
  const serverLabels = error.fieldLabels;
  for (const [field, message] of Object.entries(error.fieldErrors)) {
    const m = /^items(?:\[(\d+)\]|\.(\d+))\.([a-z_]+)/.exec(field);
    const name = m?.[3];
    const serverLabel = serverLabels[field] ?? words(field);
    if (m && name && SHARED.includes(name)) {
      const f = name as SharedField;
      out.shared[f] ??= humanize(message, sharedLabels[f], serverLabel);
    } else if (m && (name === 'value' || name === 'type')) {
      const i = Number(m[1] ?? m[2]);
      if (!out.rows.has(i)) out.rows.set(i, humanize(message, name === 'value' ? 'Value' : 'Type', serverLabel));
    } else {
      const said = humanize(message, words(field), serverLabel);
      if (!out.others.includes(said)) out.others.push(said);
    }
  }
  return out;
}
