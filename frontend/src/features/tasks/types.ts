// The contract's task types, by short name.
import type { components } from '../../api/schema';

type Schemas = components['schemas'];

export type Task = Schemas['Task'];
export type TaskStatus = Schemas['TaskStatus'];
export type ChecklistItem = Schemas['ChecklistItem'];
export type CreateTaskRequest = Schemas['CreateTaskRequest'];
export type UpdateTaskRequest = Schemas['UpdateTaskRequest'];
export type WorkTask = Schemas['WorkTask'];
