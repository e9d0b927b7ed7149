import { MantineProvider } from '@mantine/core';
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { MatchHighlight, searchTerms } from './MatchHighlight';

function marks(text: string, search?: string) {
  const { container } = render(
    <MantineProvider>
      <div data-testid="cell">
        <MatchHighlight text={text} search={search} />
      </div>
    </MantineProvider>,
  );
  expect(container).toHaveTextContent(text);
  return [...container.querySelectorAll('mark')].map((m) => m.textContent);
}

describe('MatchHighlight', () => {
  it('marks the prefix typed so far, whatever its case', () => {
    expect(marks('Phishing wave hits citizens', 'phish CITIZ')).toEqual(['Phish', 'citiz']);
  });

  it('marks a reference by its number, with or without leading zeros', () => {
    expect(marks('INC-2026-0150', '150')).toEqual(['150']);
    expect(marks('INC-2026-0150', 'inc-2026-0150')).toEqual(['INC', '2026', '0150']);
  });

  it('keeps accents significant and leaves single characters and punctuation unmarked', () => {
    expect(marks('Wyciek: zażółć gęślą jaźń', 'zazolc')).toEqual([]);
    expect(marks('Wyciek: zażółć gęślą jaźń', 'ZAŻÓ')).toEqual(['zażó']);
    expect(marks('Payment terminal', 'p')).toEqual([]);
    expect(marks('Payment (terminal)', '(pay) & "term:*"')).toEqual(['Pay', 'term']);
  });

  it('marks Arabic words', () => {
    expect(marks('تسرب البيانات', 'البي')).toEqual(['البي']);
  });

  it('shows the text alone without a search', () => {
    expect(marks('Phishing wave')).toEqual([]);
    expect(marks('Phishing wave', '  ')).toEqual([]);
  });
});

describe('searchTerms', () => {
  it('reads words as the server does', () => {
    expect(searchTerms('user@example.org, e-mail 1.5')).toEqual(['user', 'example', 'org', 'mail']);
  });
});
