// The cases list's filters: status chips, severity, category, department, regulator clock and words.
import { Button, Chip, Group, MultiSelect, Select, Stack } from '@mantine/core';

import { useDepartments } from '../../api/queries';
import {
  categories,
  categoryLabel,
  options,
  severities,
  severityInfo,
  statuses,
  statusInfo,
} from '../../components/caseLabels';
import { departmentOptions } from '../../components/departments';
import { SearchBox } from '../../components/SearchBox';
import { isFiltered, regulatorOptions, type CaseFilters } from './filters';

export function CaseFilterBar({ filters, onChange }: { filters: CaseFilters; onChange: (next: CaseFilters) => void }) {
  const departments = useDepartments();
  const set = <K extends keyof CaseFilters>(key: K, value: CaseFilters[K]) => onChange({ ...filters, [key]: value });

  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <SearchBox
          value={filters.q}
          onSearch={(q) => set('q', q || undefined)}
          label="Search cases"
          placeholder="Search reference, title, summary, notes…"
        />
        <MultiSelect
          aria-label="Severity"
          placeholder={filters.severity.length ? undefined : 'Any severity'}
          data={options(severities, (s) => severityInfo[s].label)}
          value={filters.severity}
          onChange={(v) => set('severity', v)}
          clearable
          w={150}
        />
        <MultiSelect
          aria-label="Category"
          placeholder={filters.category.length ? undefined : 'Any category'}
          data={options(categories, (c) => categoryLabel[c])}
          value={filters.category}
          onChange={(v) => set('category', v)}
          clearable
          w={170}
        />
        <Select
          aria-label="Department"
          placeholder="Any department"
          data={departmentOptions(departments.data)}
          value={filters.department ?? null}
          onChange={(v) => set('department', v ?? undefined)}
          clearable
          searchable
          w={170}
        />
        <Select
          aria-label="Regulator notification"
          placeholder="Any regulator status"
          data={regulatorOptions}
          value={filters.regulator ?? null}
          onChange={(v) => set('regulator', v ?? undefined)}
          clearable
          w={180}
        />
      </Group>
      <Group justify="space-between" gap="sm">
        <Chip.Group multiple value={filters.status} onChange={(v) => set('status', v)}>
          <Group gap={6} role="group" aria-label="Status">
            {statuses.map((s) => (
              <Chip key={s} value={s} size="sm" variant="outline" color={statusInfo[s].color}>
                {statusInfo[s].label}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        {isFiltered(filters) ? (
          <Button
            variant="subtle"
            color="gray"
            size="xs"
            onClick={() => onChange({ status: [], severity: [], category: [], sort: filters.sort })}
          >
            Clear filters
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}
