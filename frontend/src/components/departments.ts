// Department names for tables and pickers.
import type { Department } from '../api/types';

/** departmentOptions is Select data for departments. */
export function departmentOptions(departments: Department[] | undefined) {
  return (departments ?? []).map((d) => ({ value: d.id, label: d.name }));
}

/** departmentName finds a department's name; "—" when there is none. */
export function departmentName(departments: Department[] | undefined, id: string | null | undefined): string {
  if (!id) return '—';
  return departments?.find((d) => d.id === id)?.name ?? 'Unknown department';
}
