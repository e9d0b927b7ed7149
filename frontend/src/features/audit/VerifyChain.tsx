// "Verify chain": the server walks the audit hash chain; the result is shown plainly.
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertOctagon, IconShieldCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';

import { useApi } from '../../api/context';
import { errorMessage, unwrap } from '../../api/problem';
import type { AuditVerifyResult } from '../../api/types';
import { dateLocale, formatDateTime } from '../../components/dates';

function Result({ result, at }: { result: AuditVerifyResult; at: number }) {
  if (result.valid) {
    return (
      <Alert color="teal" variant="light" icon={<IconShieldCheck />} title="Chain valid" data-testid="verify-result">
        <Text size="sm">
          All {result.checked.toLocaleString(dateLocale())} events verified: none was altered, removed or inserted.
          Checked {formatDateTime(new Date(at).toISOString())}.
        </Text>
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="filled" icon={<IconAlertOctagon />} title="Chain broken" data-testid="verify-result">
      <Text size="sm">
        The chain is broken at seq {result.first_invalid_seq ?? '?'}: that event or one before it was altered, removed
        or inserted. {result.checked.toLocaleString(dateLocale())} events verified before it.
      </Text>
    </Alert>
  );
}

/** VerifyChain asks GET /audit/verify on demand (the walk reads every event, so not on every visit). */
export function VerifyChain() {
  const { client } = useApi();
  const verify = useMutation({
    mutationFn: async () => ({ result: unwrap(await client.GET('/audit/verify')), at: Date.now() }),
  });
  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="nowrap" align="center">
        <Text size="sm" c="dimmed">
          Each event carries the hash of the one before it. Verifying walks the whole chain and names the first event
          that does not match.
        </Text>
        <Button
          leftSection={<IconShieldCheck size={16} />}
          variant="light"
          loading={verify.isPending}
          onClick={() => verify.mutate()}
          style={{ flexShrink: 0 }}
        >
          Verify chain
        </Button>
      </Group>
      {verify.data ? <Result result={verify.data.result} at={verify.data.at} /> : null}
      {verify.isError ? (
        <Alert color="red" variant="light" title="Could not verify the chain">
          {errorMessage(verify.error)}
        </Alert>
      ) : null}
    </Stack>
  );
}
