// The contract's playbook schemas under short names.
import type { components } from '../../api/schema';

type Schemas = components['schemas'];

export type Playbook = Schemas['Playbook'];
export type PlaybookInput = Schemas['PlaybookInput'];
export type PlaybookTask = Schemas['PlaybookTask'];
export type PlaybookMilestone = Schemas['PlaybookMilestone'];
export type PlaybookRef = Schemas['PlaybookRef'];
