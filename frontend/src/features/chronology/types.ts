// Short names for the chronology's schemas.
import type { components } from '../../api/schema';

type Schemas = components['schemas'];

export type ChronologyEntry = Schemas['ChronologyEntry'];
export type ChronologyKind = Schemas['ChronologyKind'];
export type CreateChronologyEntryRequest = Schemas['CreateChronologyEntryRequest'];
export type CorrectChronologyEntryRequest = Schemas['CorrectChronologyEntryRequest'];
