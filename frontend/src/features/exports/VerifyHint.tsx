// "How to verify", for people: check the file on the Exports page, or anywhere with caseward export
// verify, and compare the key fingerprint with the one this installation publishes.
import {
  ActionIcon,
  Anchor,
  Button,
  Code,
  Collapse,
  CopyButton,
  Group,
  List,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCheck, IconChevronDown, IconChevronRight, IconCopy } from '@tabler/icons-react';
import { Link } from 'react-router';

import { hasSigFile, verifyCommands, type VerifiableFormat } from './verifyCommands';

function CommandBlock({ title, text }: { title: string; text: string }) {
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="xs" fw={600}>
          {title}
        </Text>
        <CopyButton value={text} timeout={1500}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow>
              <ActionIcon
                variant="subtle"
                color={copied ? 'teal' : 'gray'}
                size="sm"
                onClick={copy}
                aria-label={`Copy: ${title}`}
              >
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

export function VerifyHint({ format, fileName }: { format: VerifiableFormat; fileName: string }) {
  const [opened, { toggle }] = useDisclosure(false);
  const commands = verifyCommands(format, fileName);
  const pick = hasSigFile(format) ? `${fileName} and ${fileName}.sig` : fileName;
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
        <Stack gap="sm" data-testid="verify-hint">
          <Text size="sm">
            Anyone can check that this file is what Caseward exported, by whom and when, and that not one byte has
            changed since{hasSigFile(format) ? ` (keep ${fileName}.sig next to it)` : ''}:
          </Text>
          <List size="sm" spacing={4}>
            <List.Item>
              In a browser: on the{' '}
              <Anchor component={Link} to="/exports#check">
                Exports page
              </Anchor>
              , &ldquo;Check a file I received&rdquo;, pick {pick}. Nothing is uploaded.
            </List.Item>
            <List.Item>
              On any computer, with Caseward&apos;s command-line tool (no database, no sign-in):{' '}
              <Code>{commands.caseward}</Code>. It ends with status 0 and prints the key fingerprint.
            </List.Item>
            <List.Item>
              Compare that fingerprint with the one under &ldquo;Export keys&rdquo; on the Exports page: if they are the
              same, the file was signed by this installation.
            </List.Item>
          </List>
          <CommandBlock title="With standard tools (openssl, jq)" text={commands.openssl} />
        </Stack>
      </Collapse>
    </Stack>
  );
}
