// A searchable picker of cases: what is typed is searched on the server (references and words, prefixes match).
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';

import { useCaseSearch } from './queries';

interface Props {
  caseId: string; // the case the dialog is on: never offered
  label: string;
  description?: string;
  value: string;
  error?: unknown;
  onChange: (id: string) => void;
}

export function CaseSearchSelect({ caseId, label, description, value, error, onChange }: Props) {
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(null);
  const [debounced] = useDebouncedValue(search, 250);
  const found = useCaseSearch(debounced === picked?.label ? '' : debounced, caseId);
  const options = (found.data ?? []).map((c) => ({ value: c.id, label: `${c.reference} · ${c.title}` }));
  if (picked && !options.some((o) => o.value === picked.value)) options.unshift(picked);
  const typed = search.trim().length >= 2;
  return (
    <Select
      label={label}
      description={description}
      placeholder="Type a reference (INC-…) or words of its title"
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      data={options}
      filter={({ options: all }) => all}
      // Only once something is typed: an empty list box (no options) is not announced well.
      nothingFoundMessage={
        !typed ? undefined : found.isFetching ? 'Searching…' : found.isError ? 'The search failed' : 'No case found'
      }
      value={value || null}
      onChange={(id, option) => {
        setPicked(id ? option : null);
        onChange(id ?? '');
      }}
      error={error as string | undefined}
      comboboxProps={{ withinPortal: true }}
      data-autofocus
    />
  );
}
