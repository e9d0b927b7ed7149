// The Review tab's rules that need no screen: when a review may be written, the form's values,
// its checks and the body a save sends.
import type { CaseStatus } from '../../api/types';
import { fromLocalInput } from '../../components/dates';
import type { CaseReview, SaveCaseReviewRequest } from './types';

export const MAX_TEXT = 10000;
export const MAX_FOLLOW_UPS = 50;

/** reviewable tells whether a case in this status may have its review written: once it is recovering or closed. */
export const reviewable = (status: CaseStatus): boolean => status === 'recovering' || status === 'closed';

export interface FollowUpValues {
  title: string;
  assignee_id: string | null;
  due_at: string; // datetime-local, in the reader's zone
  description: string;
}

export interface ReviewValues {
  what_happened: string;
  went_well: string;
  to_improve: string;
  follow_ups: FollowUpValues[];
}

export const TEXT_FIELDS = ['what_happened', 'went_well', 'to_improve'] as const;
const FOLLOW_UP_FIELDS = ['title', 'assignee_id', 'due_at', 'description'] as const;

/** reviewFields are the form's fields in their order on screen, for errors and focus. */
export function reviewFields(followUps: number): string[] {
  const out: string[] = [...TEXT_FIELDS];
  for (let i = 0; i < followUps; i++) for (const f of FOLLOW_UP_FIELDS) out.push(`follow_ups.${i}.${f}`);
  return out;
}

export function reviewValues(r: CaseReview | undefined): ReviewValues {
  return {
    what_happened: r?.what_happened ?? '',
    went_well: r?.went_well ?? '',
    to_improve: r?.to_improve ?? '',
    follow_ups: [],
  };
}

export const emptyFollowUp = (): FollowUpValues => ({ title: '', assignee_id: null, due_at: '', description: '' });

const tooLong = (label: string) => (v: string) =>
  [...v.trim()].length > MAX_TEXT ? `${label} must be at most ${MAX_TEXT} characters.` : null;

export const validateReview = {
  what_happened: tooLong('What happened'),
  went_well: tooLong('What went well'),
  to_improve: tooLong('What to improve'),
  follow_ups: {
    title: (v: string) =>
      v.trim() === ''
        ? 'Title is required.'
        : [...v.trim()].length > 300
          ? 'Title must be at most 300 characters.'
          : null,
    assignee_id: (v: string | null) => (v ? null : 'Assignee is required: who will see to it.'),
    due_at: (v: string) => (v ? null : 'Due is required: when it should be done.'),
  },
};

/** saveBody is what a save sends: the three texts and the new follow-ups. */
export function saveBody(v: ReviewValues): SaveCaseReviewRequest {
  const body: SaveCaseReviewRequest = {
    what_happened: v.what_happened,
    went_well: v.went_well,
    to_improve: v.to_improve,
  };
  if (v.follow_ups.length > 0) {
    body.follow_ups = v.follow_ups.map((f) => ({
      title: f.title,
      assignee_id: f.assignee_id,
      due_at: fromLocalInput(f.due_at) ?? null,
      ...(f.description.trim() ? { description: f.description } : {}),
    }));
  }
  return body;
}
