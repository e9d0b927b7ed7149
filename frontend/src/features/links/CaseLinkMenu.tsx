// The case header's menu of link actions: link to another case, or mark this one a duplicate (which closes it).
import { ActionIcon, Menu } from '@mantine/core';
import { IconCopy, IconDots, IconLink } from '@tabler/icons-react';
import { useState } from 'react';

import type { Case } from '../../api/types';
import { LinkDialog } from './LinkDialog';
import { MarkDuplicateDialog } from './MarkDuplicateDialog';

export function CaseLinkMenu({ c }: { c: Case }) {
  const [open, setOpen] = useState<'link' | 'duplicate' | null>(null);
  return (
    <>
      <Menu position="bottom-end" shadow="md" withinPortal>
        <Menu.Target>
          <ActionIcon variant="default" size="lg" aria-label="More actions on this case">
            <IconDots size={18} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconLink size={14} />} onClick={() => setOpen('link')}>
            Link to a case…
          </Menu.Item>
          <Menu.Item leftSection={<IconCopy size={14} />} onClick={() => setOpen('duplicate')}>
            Mark as duplicate of…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <LinkDialog c={c} opened={open === 'link'} onClose={() => setOpen(null)} />
      <MarkDuplicateDialog c={c} opened={open === 'duplicate'} onClose={() => setOpen(null)} />
    </>
  );
}
