// "Verify integrity": the server re-hashes the stored bytes; the result is shown plainly and
// recorded in the chain of custody either way.
import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconShieldCheck, IconShieldX } from '@tabler/icons-react';

import { errorMessage } from '../../api/problem';
import { useVerify } from './queries';
import type { Evidence, EvidenceVerifyResult } from './types';
import { formatDateTime } from '../../components/dates';

export function VerifyResult({ result }: { result: EvidenceVerifyResult }) {
  if (result.ok) {
    return (
      <Alert
        color="teal"
        variant="light"
        icon={<IconShieldCheck />}
        title="Integrity verified: SHA-256 matches"
        data-testid="verify-result"
      >
        <Text size="sm">
          The stored bytes hash to the SHA-256 recorded when they were received. Checked{' '}
          {formatDateTime(result.verified_at)}.
        </Text>
      </Alert>
    );
  }
  return (
    <Alert
      color="red"
      variant="filled"
      icon={<IconShieldX />}
      title="MISMATCH: the stored file is not the one received"
      data-testid="verify-result"
    >
      <Stack gap={4}>
        <Text size="sm">
          {result.actual_sha256 === null
            ? 'The stored file is missing.'
            : 'The stored bytes no longer hash to the recorded SHA-256: the file has been altered or damaged.'}{' '}
          Checked {formatDateTime(result.verified_at)}. Tell the case owner and an administrator; keep this item out of
          any report until it is explained.
        </Text>
        <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
          Recorded: {result.expected_sha256}
        </Text>
        <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
          Found: {result.actual_sha256 ?? 'no file'}
        </Text>
      </Stack>
    </Alert>
  );
}

/** useVerifyAction gives the button and the result to show under the item's actions. */
export function useVerifyAction(caseId: string, item: Evidence) {
  const verify = useVerify(caseId, item.id);
  const button = (
    <Button
      variant="light"
      leftSection={<IconShieldCheck size={16} />}
      loading={verify.isPending}
      onClick={() => verify.mutate()}
    >
      Verify integrity
    </Button>
  );
  let result = null;
  if (verify.data) result = <VerifyResult result={verify.data} />;
  else if (verify.error) {
    result = (
      <Alert color="red" variant="light" icon={<IconAlertCircle />} title="Could not verify" role="alert">
        {errorMessage(verify.error)}
      </Alert>
    );
  }
  return { button, result };
}
