// "How to verify": the commands that check a saved export, folded away until asked for.
import { ActionIcon, Button, Code, Collapse, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCheck, IconChevronDown, IconChevronRight, IconCopy } from '@tabler/icons-react';

import { verifyCommands, type VerifiableFormat } from './verifyCommands';

function CommandBlock({ title, text }: { title: string; text: string }) {
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="xs" fw={600}>
          {title}
        </Text>
        <CopyButton value={text} timeout={1500}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy the commands'} withArrow>
              <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} size="sm" onClick={copy} aria-label={`Copy: ${title}`}>
                {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <Code block style={{ whiteSpace: 'pre', overflowX: 'auto' }}>
        {text}
      </Code>
    </Stack>
  );
}

export function VerifyHint({ format, fileName, keyId }: { format: VerifiableFormat; fileName: string; keyId: string }) {
  const [opened, { toggle }] = useDisclosure(false);
  const commands = verifyCommands(format, fileName, keyId, window.location.origin);
  return (
    <Stack gap="xs">
      <div>
        <Button
          variant="subtle"
          size="compact-sm"
          onClick={toggle}
          aria-expanded={opened}
          leftSection={opened ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
        >
          How to verify
        </Button>
      </div>
      <Collapse expanded={opened}>
        <Stack gap="sm">
          <Text size="xs" c="dimmed">
            {format === 'csv' || format === 'pdf'
              ? 'Keep the signature file next to the export. Exit status 0 means valid; 1 means altered (the output says whether the hash or the signature failed).'
              : 'The signature travels inside the file. Exit status 0 means valid; 1 means altered (the output says whether the hash or the signature failed).'}
          </Text>
          <CommandBlock title="With Caseward" text={commands.caseward} />
          <CommandBlock title="With standard tools (openssl, jq)" text={commands.openssl} />
        </Stack>
      </Collapse>
    </Stack>
  );
}
