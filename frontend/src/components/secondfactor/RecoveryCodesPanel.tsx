// The recovery codes of a new second factor, shown this once: listed, copied or downloaded as a text
// file, and put away only once the reader says they have saved them.
import { Alert, Button, Code, CopyButton, Group, List, Stack, Text } from '@mantine/core';
import { IconCheck, IconCopy, IconDownload, IconLifebuoy } from '@tabler/icons-react';

import { formatDateTime } from '../dates';
import { saveText } from '../download';
import { recoveryCodesText } from './codes';

export function RecoveryCodesPanel({
  codes,
  email,
  onSaved,
  savedLabel = 'I have saved them',
}: {
  codes: readonly string[];
  email: string;
  onSaved: () => void;
  savedLabel?: string;
}) {
  const text = recoveryCodesText(codes, email, formatDateTime(new Date().toISOString()));
  return (
    <Stack gap="md">
      <Alert
        color="indigo"
        variant="light"
        icon={<IconLifebuoy />}
        title="Save these codes now — they are shown only once"
      >
        <Stack gap="xs">
          <Text size="sm">
            If you lose your phone, each code signs you in once instead of a code from the app. Keep them somewhere
            safe, such as a password manager. Caseward keeps only a fingerprint of each and cannot show them again.
          </Text>
          <List
            listStyleType="none"
            spacing={4}
            aria-label="Recovery codes"
            data-testid="recovery-codes"
            style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(11rem, 1fr))', gap: 6 }}
          >
            {codes.map((c) => (
              <List.Item key={c} m={0}>
                <Code fz="sm" style={{ userSelect: 'all' }}>
                  {c}
                </Code>
              </List.Item>
            ))}
          </List>
          <Group gap="xs">
            <CopyButton value={codes.join('\n')} timeout={2000}>
              {({ copied, copy }) => (
                <Button
                  size="xs"
                  variant="default"
                  onClick={copy}
                  leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                >
                  {copied ? 'Copied' : 'Copy the codes'}
                </Button>
              )}
            </CopyButton>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconDownload size={14} />}
              onClick={() => saveText(text, 'caseward-recovery-codes.txt', 'text/plain')}
            >
              Download as text
            </Button>
          </Group>
        </Stack>
      </Alert>
      <Group justify="flex-end">
        <Button onClick={onSaved}>{savedLabel}</Button>
      </Group>
    </Stack>
  );
}
