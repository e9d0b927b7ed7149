// The cases list's filters: mine, status chips, severity, category, breach, department, regulator clock,
// opened between and words. On a phone they fold behind a "Filters" button.
import { Button, Chip, Group, MultiSelect, Select, Stack, Switch, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';

import { useDepartments } from '../../api/queries';
import {
  breachInfo,
  breachStatuses,
  categories,
  categoryLabel,
  options,
  severities,
  severityInfo,
  statuses,
  statusInfo,
} from '../../components/caseLabels';
import { departmentOptions } from '../../components/departments';
import { FoldingFilters } from '../../components/FoldingFilters';
import { SearchBox } from '../../components/SearchBox';
import { isFiltered, noFilters, regulatorOptions, type CaseFilters } from './filters';

/**
 * The filters' option lists are in the page only while open: Mantine keeps them mounted by default,
 * and each hidden list was positioned as the cases page mounted, measuring the page once per filter
 * (docs/performance.md).
 */
export const LIST_WHEN_OPEN = { keepMounted: false } as const;

export function CaseFilterBar({ filters, onChange }: { filters: CaseFilters; onChange: (next: CaseFilters) => void }) {
  const departments = useDepartments();
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const set = <K extends keyof CaseFilters>(key: K, value: CaseFilters[K]) => onChange({ ...filters, [key]: value });
  const width = phone ? '100%' : undefined;

  const fields = (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <MultiSelect
          aria-label="Severity"
          placeholder={filters.severity.length ? undefined : 'Any severity'}
          data={options(severities, (s) => severityInfo[s].label)}
          value={filters.severity}
          onChange={(v) => set('severity', v)}
          clearable
          comboboxProps={LIST_WHEN_OPEN}
          w={width ?? 150}
        />
        <MultiSelect
          aria-label="Category"
          placeholder={filters.category.length ? undefined : 'Any category'}
          data={options(categories, (c) => categoryLabel[c])}
          value={filters.category}
          onChange={(v) => set('category', v)}
          clearable
          comboboxProps={LIST_WHEN_OPEN}
          w={width ?? 170}
        />
        <MultiSelect
          aria-label="Breach status"
          placeholder={filters.breach.length ? undefined : 'Any breach status'}
          data={options(breachStatuses, (b) => breachInfo[b].label)}
          value={filters.breach}
          onChange={(v) => set('breach', v)}
          clearable
          comboboxProps={LIST_WHEN_OPEN}
          w={width ?? 190}
        />
        <Select
          aria-label="Department"
          placeholder="Any department"
          data={departmentOptions(departments.data)}
          value={filters.department ?? null}
          onChange={(v) => set('department', v ?? undefined)}
          clearable
          searchable
          comboboxProps={LIST_WHEN_OPEN}
          w={width ?? 170}
        />
        <Select
          aria-label="Regulator notification"
          placeholder="Any regulator status"
          data={regulatorOptions}
          value={filters.regulator ?? null}
          onChange={(v) => set('regulator', v ?? undefined)}
          clearable
          comboboxProps={LIST_WHEN_OPEN}
          w={width ?? 180}
        />
        <TextInput
          type="date"
          label="Opened from"
          size="xs"
          value={filters.openedFrom ?? ''}
          max={filters.openedTo}
          onChange={(e) => set('openedFrom', e.currentTarget.value || undefined)}
          w={width ?? 150}
        />
        <TextInput
          type="date"
          label="Opened to"
          size="xs"
          value={filters.openedTo ?? ''}
          min={filters.openedFrom}
          onChange={(e) => set('openedTo', e.currentTarget.value || undefined)}
          w={width ?? 150}
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
          <Button variant="subtle" color="gray" size="xs" onClick={() => onChange(noFilters(filters.sort))}>
            Clear filters
          </Button>
        ) : null}
      </Group>
    </Stack>
  );

  return (
    <FoldingFilters
      id="case-filters"
      lead={
        <>
          <SearchBox
            value={filters.q}
            onSearch={(q) => set('q', q || undefined)}
            label="Search cases"
            placeholder="Search reference, title, summary, notes…"
          />
          <Switch
            label="Mine"
            description="Cases I own"
            checked={!!filters.mine}
            onChange={(e) => set('mine', e.currentTarget.checked || undefined)}
          />
        </>
      }
    >
      {fields}
    </FoldingFilters>
  );
}
