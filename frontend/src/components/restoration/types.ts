// The restoration types the screens use, named once from the generated schema.
import type { components } from '../../api/schema';

export type Suspension = components['schemas']['Suspension'];
export type SuspensionStatus = components['schemas']['SuspensionStatus'];
export type Milestone = components['schemas']['Milestone'];
export type MilestoneStatus = components['schemas']['MilestoneStatus'];
export type OpenMilestone = components['schemas']['OpenMilestone'];
/** OpenMilestonesChoice: what a restore does with the steps still open. */
export type OpenMilestonesChoice = NonNullable<components['schemas']['RestoreRequest']['open_milestones']>;
export type PlanStatus = components['schemas']['PlanStatus'];
export type Replan = components['schemas']['Replan'];
export type DashboardItem = components['schemas']['DashboardItem'];
export type RestorationDashboard = components['schemas']['RestorationDashboard'];
export type Service = components['schemas']['Service'];
export type CreateSuspensionRequest = components['schemas']['CreateSuspensionRequest'];
export type UpdateSuspensionRequest = components['schemas']['UpdateSuspensionRequest'];
export type CreateMilestoneRequest = components['schemas']['CreateMilestoneRequest'];
export type SuspensionUpdate = components['schemas']['SuspensionUpdate'];
export type CreateSuspensionUpdateRequest = components['schemas']['CreateSuspensionUpdateRequest'];
export type UpdateAudience = components['schemas']['UpdateAudience'];
export type Role = components['schemas']['Role'];
export type CaseStatus = components['schemas']['CaseStatus'];

export const milestoneStatuses: readonly MilestoneStatus[] = ['planned', 'in_progress', 'done', 'blocked'];
