// Short names for the observables' schemas.
import type { components } from '../../api/schema';

type Schemas = components['schemas'];

export type Observable = Schemas['Observable'];
export type ObservableType = Schemas['ObservableType'];
export type ObservableCandidate = Schemas['ObservableCandidate'];
export type ObservableSighting = Schemas['ObservableSighting'];
export type ObservableAdded = Schemas['ObservableAdded'];
export type CreateObservableRequest = Schemas['CreateObservableRequest'];
export type UpdateObservableRequest = Schemas['UpdateObservableRequest'];
export type TLP = Schemas['TLP'];
export type PAP = Schemas['PAP'];
