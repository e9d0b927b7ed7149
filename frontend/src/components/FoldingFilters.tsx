// A list's filter bar: what is always in view (the search box), and the other filters, which on a
// phone fold behind a "Filters" button (with how many are in use) so they do not fill the screen.
import { Button, Collapse, Group, Stack } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconAdjustmentsHorizontal } from '@tabler/icons-react';
import type { ReactNode } from 'react';

export function FoldingFilters({
  id,
  lead,
  inUse = 0,
  children,
}: {
  /** The id of the folded part, named by the button's aria-controls. */
  id: string;
  /** What stays in view on a phone. */
  lead: ReactNode;
  /** How many of the folded filters are in use, shown on the button. */
  inUse?: number;
  children: ReactNode;
}) {
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const [open, { toggle }] = useDisclosure(false);
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" wrap="wrap">
        {lead}
        {phone ? (
          <Button
            variant="default"
            leftSection={<IconAdjustmentsHorizontal size={16} />}
            onClick={toggle}
            aria-expanded={open}
            aria-controls={id}
          >
            {inUse ? `Filters (${inUse})` : 'Filters'}
          </Button>
        ) : null}
      </Group>
      {phone ? (
        <Collapse expanded={open} id={id}>
          {children}
        </Collapse>
      ) : (
        children
      )}
    </Stack>
  );
}
