// The alert queue's shapes, from the contract.
import type { components } from '../../api/schema';

type Schemas = components['schemas'];

export type Alert = Schemas['Alert'];
export type AlertStatus = Schemas['AlertStatus'];
export type AlertSeverity = Schemas['AlertSeverity'];
export type ImportAlertRequest = Schemas['ImportAlertRequest'];
