// A SHA-256 on screen: short or in full, with a button that copies the whole of it.
import { ActionIcon, Code, CopyButton, Group, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';

import { shortHash } from './format';

export function CopyHashButton({ hex, what = 'SHA-256' }: { hex: string; what?: string }) {
  return (
    <CopyButton value={hex} timeout={1500}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : `Copy the full ${what}`} withArrow>
          <ActionIcon
            variant="subtle"
            color={copied ? 'teal' : 'gray'}
            size="sm"
            onClick={(e) => {
              e.stopPropagation();
              copy();
            }}
            aria-label={`Copy the full ${what}`}
          >
            {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

/** HashValue shows a hash's first 12 hex digits (the full hash on hover), or all of it with full. */
export function HashValue({ hex, full = false, testId }: { hex: string; full?: boolean; testId?: string }) {
  const value = (
    <Code
      data-testid={testId}
      title={full ? undefined : hex}
      style={full ? { wordBreak: 'break-all', whiteSpace: 'normal' } : { whiteSpace: 'nowrap' }}
    >
      {full ? hex : shortHash(hex)}
    </Code>
  );
  return (
    <Group gap={4} wrap="nowrap" align="center">
      {value}
      <CopyHashButton hex={hex} />
    </Group>
  );
}
