// A new API key's token, shown this once with a copy button and an example request: the server
// keeps only its SHA-256 and never shows it again.
import { Alert, Code, Group, Stack, Text } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';

import type { APIKeyCreated } from '../../api/types';
import { CopyIconButton as Copy } from '../CopyIconButton';
import { formatDateTime } from '../dates';

/** exampleRequest is a curl command a key of this role may send: an alert for alert intake, else the case list. */
export function exampleRequest(created: APIKeyCreated, origin: string = window.location.origin): string {
  const auth = `-H "Authorization: Bearer ${created.token}"`;
  if (created.key.role === 'alert_ingest') {
    return `curl -X POST ${auth} -H "Content-Type: application/json" -d @alert.json ${origin}/api/v1/alerts`;
  }
  return `curl ${auth} ${origin}/api/v1/cases`;
}

export function TokenPanel({ created }: { created: APIKeyCreated }) {
  const example = exampleRequest(created);
  return (
    <Alert color="indigo" variant="light" icon={<IconKey />} title="Copy the token now — it will not be shown again">
      <Stack gap="xs">
        <Text size="sm">
          Caseward keeps only a fingerprint of this token. Once this window is closed nobody can show it again; if it is
          lost, revoke the key and make a new one. The key works until {formatDateTime(created.key.expires_at)}.
        </Text>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Code
            fz="sm"
            px="sm"
            py={6}
            data-testid="api-key-token"
            style={{ userSelect: 'all', flex: 1, minWidth: 0, wordBreak: 'break-all' }}
          >
            {created.token}
          </Code>
          <Copy value={created.token} label="Copy the token" />
        </Group>
        <Text size="sm">Send it as a bearer token, for example:</Text>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Code
            block
            fz="xs"
            data-testid="api-key-example"
            style={{ flex: 1, minWidth: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
          >
            {example}
          </Code>
          <Copy value={example} label="Copy the example" />
        </Group>
      </Stack>
    </Alert>
  );
}
