// Marks in a case's reference or title what its search matched (docs/cases.md): each word of the search
// of two characters or more, case-insensitive, accents significant, as the server matches them.
import { Highlight } from '@mantine/core';

// searchTerms are the words of a search worth marking: runs of letters, digits and combining marks, as
// the server reads them; a single character is a whole word there, and marking it everywhere would mislead.
export function searchTerms(search: string | undefined): string[] {
  return (search?.match(/[\p{L}\p{N}\p{M}]+/gu) ?? []).filter((w) => [...w].length >= 2);
}

export function MatchHighlight({ text, search }: { text: string; search?: string }) {
  const terms = searchTerms(search);
  if (terms.length === 0) return text;
  return (
    <Highlight component="span" inherit highlight={terms} accentInsensitive={false}>
      {text}
    </Highlight>
  );
}
