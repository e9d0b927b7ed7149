// An observable's value as the untrusted text it is: monospace, in its own direction, wrapped anywhere and
// cut to a few lines (with a way to see all of it), with a copy button. Never a link: a URL observable is
// malicious by nature, and a click must not open it.
import { ActionIcon, Anchor, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useState } from 'react';

/** Values longer than this are cut to a few lines until the reader asks for all of it. */
const LONG = 120;

export function ObservableValue({ value, lines = 3 }: { value: string; lines?: number }) {
  const [whole, setWhole] = useState(false);
  const long = value.length > LONG;
  return (
    <Group gap={4} wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
      <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
        <Text
          component="span"
          size="sm"
          ff="monospace"
          dir="auto"
          lineClamp={long && !whole ? lines : undefined}
          style={{ overflowWrap: 'anywhere', wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}
          data-testid="observable-value"
        >
          {value}
        </Text>
        {long ? (
          <Anchor component="button" type="button" size="xs" onClick={() => setWhole((w) => !w)} w="fit-content">
            {whole ? 'Show less' : `Show all ${value.length} characters`}
          </Anchor>
        ) : null}
      </Stack>
      <CopyButton value={value} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : 'Copy the value'} withArrow>
            <ActionIcon
              variant="subtle"
              color={copied ? 'teal' : 'gray'}
              size="sm"
              onClick={copy}
              aria-label={copied ? 'Copied' : 'Copy the value'}
            >
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}
