// "Add evidence": the file (dropped or picked, hashed in the browser), its description, and the
// upload with a real progress bar. The server hashes every byte again and refuses a mismatch.
import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';

import { DropZone } from './DropZone';
import { HashMismatch, SelectedFile, type HashState } from './SelectedFile';
import { sha256File } from './hash';
import { kindInfo, kinds } from './labels';
import { useUpload } from './queries';
import type { EvidenceKind } from './types';
import { describeUploadError, type UploadField } from './uploadErrors';
import { UploadProgressBar } from './UploadProgressBar';
import { browserTimeZone, utcToWallTime, wallTimeToUtc } from '../../components/zones';

interface Values {
  title: string;
  kind: EvidenceKind | null;
  description: string;
  source: string;
  collectedAt: string;
}

const emptyValues = (zone: string): Values => ({
  title: '',
  kind: null,
  description: '',
  source: '',
  collectedAt: utcToWallTime(new Date().toISOString(), zone),
});

interface Props {
  caseId: string;
  opened: boolean;
  onClose: () => void;
  onUploaded?: (id: string) => void;
}

export function UploadDialog({ caseId, opened, onClose, onUploaded }: Props) {
  const zone = browserTimeZone();
  const upload = useUpload(caseId);
  const [file, setFile] = useState<File | null>(null);
  const [hash, setHash] = useState<HashState>({ status: 'idle' });
  const [values, setValues] = useState<Values>(() => emptyValues(zone));
  const [localErrors, setLocalErrors] = useState<Partial<Record<UploadField, string>>>({});
  // Until changed, "collected at" is now: refreshed on every opening, and left to the server to set exactly.
  const [collectedTouched, setCollectedTouched] = useState(false);
  const [ignoredFiles, setIgnoredFiles] = useState(0);
  const controller = useRef<AbortController | null>(null);
  // Only the latest file's hash counts: a slow hash of a file replaced meanwhile is dropped.
  const hashRun = useRef(0);

  useEffect(() => {
    // The clock is the outside system here: each opening reads it once for "collected at".
    if (opened && !collectedTouched)
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setValues((v) => ({ ...v, collectedAt: utcToWallTime(new Date().toISOString(), zone) }));
  }, [opened, collectedTouched, zone]);

  const server = describeUploadError(upload.error);
  const errors = { ...server.fields, ...localErrors };
  const busy = upload.isPending;

  const reset = () => {
    hashRun.current++;
    upload.reset();
    setFile(null);
    setHash({ status: 'idle' });
    setValues(emptyValues(zone));
    setLocalErrors({});
    setCollectedTouched(false);
    setIgnoredFiles(0);
  };

  const close = () => {
    if (busy) return; // cancel the upload first
    reset();
    onClose();
  };

  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    if (key === 'collectedAt') setCollectedTouched(true);
    const field = (key === 'collectedAt' ? 'collected_at' : key) as UploadField;
    setLocalErrors(({ [field]: _, ...rest }) => rest);
  };

  const choose = (next: File | null, ignored = 0) => {
    upload.reset();
    setIgnoredFiles(ignored);
    setFile(next);
    setLocalErrors(({ file: _, ...rest }) => rest);
    const run = ++hashRun.current;
    if (!next) {
      setHash({ status: 'idle' });
      return;
    }
    // The file's name is a first title; one the user typed is kept.
    setValues((v) => (!v.title.trim() || v.title === file?.name ? { ...v, title: next.name } : v));
    setHash({ status: 'hashing' });
    sha256File(next).then(
      (outcome) => run === hashRun.current && setHash(outcome),
      (err: unknown) =>
        run === hashRun.current &&
        setHash({ status: 'failed', reason: err instanceof Error ? err.message : 'The file could not be read.' }),
    );
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const missing: Partial<Record<UploadField, string>> = {};
    if (!values.title.trim()) missing.title = 'Give the item a title.';
    if (!values.kind) missing.kind = 'Choose what kind of evidence this is.';
    const collectedAt = collectedTouched && values.collectedAt ? wallTimeToUtc(values.collectedAt, zone) : undefined;
    if (collectedTouched && values.collectedAt && !collectedAt) missing.collected_at = 'Enter a valid date and time.';
    if (hash.status === 'failed') missing.file = 'The file could not be read: choose it again.';
    setLocalErrors(missing);
    if (Object.keys(missing).length > 0 || !values.kind || hash.status === 'hashing') {
      upload.reset();
      return;
    }
    controller.current = new AbortController();
    upload.mutate(
      {
        fields: {
          title: values.title.trim(),
          kind: values.kind,
          description: values.description.trim() || undefined,
          source: values.source.trim() || undefined,
          collected_at: collectedAt,
          sha256: hash.status === 'done' ? hash.hex : undefined,
          file,
        },
        signal: controller.current.signal,
      },
      {
        onSuccess: (item) => {
          reset();
          onClose();
          onUploaded?.(item.id);
        },
      },
    );
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title="Add evidence"
      size="lg"
      centered
      closeOnClickOutside={!busy}
      closeOnEscape={!busy}
    >
      <form onSubmit={onSubmit} noValidate aria-label="Add evidence">
        <Stack gap="sm">
          {server.alert ? (
            <Alert
              color={server.alert.color}
              variant="light"
              icon={<IconAlertCircle />}
              title={server.alert.title}
              role="alert"
            >
              {server.alert.message}
            </Alert>
          ) : null}
          {file ? (
            <SelectedFile
              file={file}
              hash={hash}
              onRemove={busy ? undefined : () => choose(null)}
              error={errors.file}
            />
          ) : (
            <DropZone onFile={choose} disabled={busy} error={errors.file} />
          )}
          {ignoredFiles > 0 && file ? (
            <Alert color="yellow" variant="light" icon={<IconAlertCircle />}>
              Only {file.name} was taken ({ignoredFiles} more dropped): add each file as its own item, so each has its
              own hash and chain of custody.
            </Alert>
          ) : null}
          {server.mismatch ? (
            <HashMismatch browser={hash.status === 'done' ? hash.hex : null} server={server.mismatch.server} />
          ) : null}
          <TextInput
            label="Title"
            withAsterisk
            value={values.title}
            onChange={(e) => set('title', e.currentTarget.value)}
            error={errors.title}
            maxLength={300}
            disabled={busy}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label="Kind"
              withAsterisk
              placeholder="What is it?"
              data={kinds.map((k) => ({ value: k, label: kindInfo[k].label }))}
              value={values.kind}
              onChange={(v) => set('kind', v)}
              error={errors.kind}
              disabled={busy}
              comboboxProps={{ withinPortal: true }}
            />
            <TextInput
              label="Collected at"
              description={collectedTouched ? `Your time (${zone})` : `Now, unless you change it (${zone})`}
              type="datetime-local"
              value={values.collectedAt}
              onChange={(e) => set('collectedAt', e.currentTarget.value)}
              error={errors.collected_at}
              disabled={busy}
            />
          </SimpleGrid>
          <TextInput
            label="Source"
            description="Where it came from: host, mailbox, device, person"
            value={values.source}
            onChange={(e) => set('source', e.currentTarget.value)}
            error={errors.source}
            maxLength={1000}
            disabled={busy}
          />
          <Textarea
            label="Description"
            autosize
            minRows={2}
            maxRows={6}
            value={values.description}
            onChange={(e) => set('description', e.currentTarget.value)}
            error={errors.description}
            maxLength={20000}
            disabled={busy}
          />
          {!file ? (
            <Text size="xs" c="dimmed">
              No file chosen: the item is recorded without one (for example, a physical device kept elsewhere).
            </Text>
          ) : null}
          {upload.progress ? <UploadProgressBar progress={upload.progress} /> : null}
          <Group justify="flex-end" mt="sm">
            {busy ? (
              <Button variant="default" color="red" onClick={() => controller.current?.abort()}>
                Cancel upload
              </Button>
            ) : (
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
            )}
            <Button type="submit" loading={busy} disabled={hash.status === 'hashing'}>
              {file ? 'Upload' : 'Add item'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
