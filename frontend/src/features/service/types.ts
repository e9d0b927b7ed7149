// The service page's types, named once from the generated schema.
import type { components } from '../../api/schema';

export type ServiceHistory = components['schemas']['ServiceHistory'];
export type ServiceSuspension = components['schemas']['ServiceSuspension'];
export type MonthDowntime = components['schemas']['MonthDowntime'];
export type DayAvailability = components['schemas']['DayAvailability'];
export type DayState = DayAvailability['state'];
