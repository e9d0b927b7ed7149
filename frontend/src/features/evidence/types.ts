// Short names for the contract's evidence schemas.
import type { components } from '../../api/schema';

type Schemas = components['schemas'];

export type Evidence = Schemas['Evidence'];
export type EvidenceKind = Schemas['EvidenceKind'];
export type CustodyEvent = Schemas['CustodyEvent'];
export type CustodyAction = Schemas['CustodyAction'];
export type CreateCustodyRequest = Schemas['CreateCustodyRequest'];
export type EvidenceVerifyResult = Schemas['EvidenceVerifyResult'];
