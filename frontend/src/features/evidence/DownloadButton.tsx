// "Download": asks why (kept in the chain of custody), fetches the bytes through the API client,
// checks them against the recorded SHA-256, and hands the file to the browser.
import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertCircle, IconDownload, IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';

import { errorMessage } from '../../api/problem';
import { saveBlob } from '../../components/download';
import { sha256File } from './hash';
import { useDownload } from './queries';
import type { Evidence } from './types';

type Check = { status: 'match' } | { status: 'mismatch'; got: string } | { status: 'unchecked'; reason: string };

/** checkDownload compares the bytes received with the recorded hash (and the server's header). */
export async function checkDownload(blob: Blob, recorded: string, header: string | null): Promise<Check> {
  if (header && header !== recorded) return { status: 'mismatch', got: header };
  const outcome = await sha256File(blob);
  if (outcome.status === 'skipped') return { status: 'unchecked', reason: outcome.reason };
  return outcome.hex === recorded ? { status: 'match' } : { status: 'mismatch', got: outcome.hex };
}

function CheckResult({ check, name }: { check: Check; name: string }) {
  if (check.status === 'match') {
    return (
      <Alert color="teal" variant="light" icon={<IconShieldCheck />} data-testid="download-result">
        Downloaded {name}: its SHA-256 matches the record.
      </Alert>
    );
  }
  if (check.status === 'unchecked') {
    return (
      <Alert color="gray" variant="light" data-testid="download-result">
        Downloaded {name}. {check.reason} Check its SHA-256 yourself against the one shown here.
      </Alert>
    );
  }
  return (
    <Alert
      color="red"
      variant="filled"
      icon={<IconShieldX />}
      title="The downloaded bytes do not match the record"
      data-testid="download-result"
    >
      <Text size="sm">Do not use this copy. Received SHA-256: {check.got}</Text>
    </Alert>
  );
}

export function useDownloadAction(caseId: string, item: Evidence) {
  const download = useDownload(caseId, item);
  const [asking, setAsking] = useState(false);
  const [purpose, setPurpose] = useState('');
  const [done, setDone] = useState<{ check: Check; name: string } | null>(null);

  const close = () => {
    setAsking(false);
    download.reset();
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setDone(null);
    download.mutate(purpose, {
      onSuccess: (file) => {
        saveBlob(file.blob, file.name);
        setAsking(false);
        setPurpose('');
        void checkDownload(file.blob, item.sha256 ?? '', file.sha256).then((check) =>
          setDone({ name: file.name, check }),
        );
      },
    });
  };

  const button = (
    <Button variant="light" leftSection={<IconDownload size={16} />} onClick={() => setAsking(true)}>
      Download
    </Button>
  );
  const dialog = (
    <Modal opened={asking} onClose={close} title="Download evidence" centered>
      <form onSubmit={onSubmit} noValidate aria-label="Download evidence">
        <Stack gap="sm">
          {download.error ? (
            <Alert color="red" variant="light" icon={<IconAlertCircle />} title="Could not download" role="alert">
              {errorMessage(download.error)}
            </Alert>
          ) : null}
          <Text size="sm">
            The download is recorded in the item&apos;s chain of custody and in the audit log, with your name and the
            purpose you give.
          </Text>
          <TextInput
            label="Purpose"
            description="Why you need a copy, e.g. analysis in the lab"
            value={purpose}
            onChange={(e) => setPurpose(e.currentTarget.value)}
            maxLength={500}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" leftSection={<IconDownload size={16} />} loading={download.isPending}>
              Download file
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
  return { button, dialog, result: done ? <CheckResult check={done.check} name={done.name} /> : null };
}
