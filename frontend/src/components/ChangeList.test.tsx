import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { ChangeList, fieldLabel } from './ChangeList';

const rita = '01a22813-0abb-7424-8780-ece3c4419e80';
const sam = '01a22813-0abb-7424-8780-ece3c4419e81';
const names: Record<string, string> = { [rita]: 'Rita Responder', [sam]: 'Sam Second' };

describe('ChangeList', () => {
  it('names the people a change refers to by id, and nothing else', () => {
    render(
      <MantineProvider>
        <ChangeList
          changes={{ owner_id: [rita, sam], member_ids: [[], [rita, sam]], regulator_reference: ['', rita] }}
          name={(id) => names[id] ?? 'Another user'}
        />
      </MantineProvider>,
    );
    const rows = screen.getAllByRole('row').map((r) => r.textContent);
    expect(rows).toEqual([
      'OwnerRita ResponderSam Second',
      'MembersemptyRita Responder, Sam Second',
      `Regulator referenceempty${rita}`,
    ]);
  });
});

describe('fieldLabel', () => {
  it('words field names, dropping the id of a reference', () => {
    expect(fieldLabel('regulator_notified_at')).toBe('Regulator notified at');
    expect(fieldLabel('owner_id')).toBe('Owner');
    expect(fieldLabel('member_ids')).toBe('Members');
  });
});
