// A search field that searches as the reader types: the text is sent once they pause (or press Enter).
import { TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';

/** How long the reader may pause between keys before the search runs. */
export const SEARCH_DEBOUNCE_MS = 350;

export function SearchBox({
  value,
  onSearch,
  label,
  placeholder,
  maxLength,
}: {
  value: string | undefined;
  onSearch: (q: string) => void;
  label: string;
  placeholder: string;
  maxLength?: number;
}) {
  const [text, setText] = useState(value ?? '');
  const debounced = useDebouncedCallback(onSearch, SEARCH_DEBOUNCE_MS);
  // The URL wins when it changes from outside (back button, "clear filters").
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setText(value ?? '');
  }
  return (
    <TextInput
      aria-label={label}
      placeholder={placeholder}
      leftSection={<IconSearch size={16} />}
      value={text}
      maxLength={maxLength}
      onChange={(e) => {
        setText(e.currentTarget.value);
        debounced(e.currentTarget.value.trim());
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') debounced.flush();
      }}
      style={{ flex: '1 1 240px', minWidth: 220 }}
    />
  );
}
