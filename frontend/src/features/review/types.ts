// The contract's review types, by short name.
import type { components } from '../../api/schema';

type Schemas = components['schemas'];

export type CaseReview = Schemas['CaseReview'];
export type SaveCaseReviewRequest = Schemas['SaveCaseReviewRequest'];
export type FollowUpInput = Schemas['FollowUpInput'];
