// The case header's line for a duplicate: "Duplicate of INC-…", when the reader may see the original.
import { Anchor, Group, Text } from '@mantine/core';
import { IconCopy } from '@tabler/icons-react';
import { Link } from 'react-router';

import { useCaseLinks } from './queries';
import { duplicateOf } from './wording';

export function DuplicateNotice({ caseId }: { caseId: string }) {
  const links = useCaseLinks(caseId);
  const original = duplicateOf(links.data ?? []);
  if (!original) return null;
  return (
    <Group gap={6} data-testid="duplicate-of">
      <IconCopy size={16} aria-hidden />
      <Text size="sm">
        Duplicate of{' '}
        <Anchor component={Link} to={`/cases/${original.case.id}`} ff="monospace" fw={600}>
          {original.case.reference}
        </Anchor>
      </Text>
    </Group>
  );
}
