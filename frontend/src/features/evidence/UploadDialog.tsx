// "Add evidence": the file (dropped or picked, hashed in the browser), its description, and the
// upload with a real progress bar. The server hashes every byte again and refuses a mismatch.
import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState } from 'react';

import { DropZone } from './DropZone';
import { HashMismatch, SelectedFile, type HashState } from './SelectedFile';
import { sha256File } from './hash';
import { kindInfo, kinds } from './labels';
import { useUpload } from './queries';
import type { EvidenceKind } from './types';
import { describeUploadError, uploadFields, uploadLabels } from './uploadErrors';
import { UploadProgressBar } from './UploadProgressBar';
import { ErrorSummary, errorCount, showServerErrors, submitAll } from '../../components/formErrors';
import { browserTimeZone, utcToWallTime, wallTimeToUtc } from '../../components/zones';

interface Values {
  title: string;
  kind: EvidenceKind | null;
  description: string;
  source: string;
  collected_at: string; // datetime-local, in the browser's zone
}

const emptyValues = (zone: string): Values => ({
  title: '',
  kind: null,
  description: '',
  source: '',
  collected_at: utcToWallTime(new Date().toISOString(), zone),
});

/**
 * The fields the browser checks hold the upload back: the server would make the same checks, but
 * only after receiving every byte of the file, so sending it to learn what the browser knows
 * would cost a whole upload.
 */
const checkedHere = ['title', 'kind', 'collected_at', 'file'] as const;

interface Props {
  caseId: string;
  opened: boolean;
  onClose: () => void;
  onUploaded?: (id: string) => void;
}

export function UploadDialog({ caseId, opened, onClose, onUploaded }: Props) {
  const zone = browserTimeZone();
  const [file, setFile] = useState<File | null>(null);
  const [hash, setHash] = useState<HashState>({ status: 'idle' });
  // Until changed, "collected at" is now: refreshed on every opening, and left to the server to set exactly.
  const [collectedTouched, setCollectedTouched] = useState(false);
  // Kept stable between renders: the form's setters change with its rules, and an effect below uses one.
  const validate = useMemo(
    () => ({
      title: (title: string) => (title.trim() ? null : 'Title is required: give the item a title.'),
      kind: (kind: EvidenceKind | null) => (kind ? null : 'Kind is required: choose what kind of evidence this is.'),
      collected_at: (at: string) =>
        collectedTouched && at && !wallTimeToUtc(at, zone) ? 'Collected at must be a valid date and time.' : null,
    }),
    [collectedTouched, zone],
  );
  const form = useForm<Values>({ name: 'upload-evidence', initialValues: emptyValues(zone), validate });
  const upload = useUpload(caseId, (error) => {
    showServerErrors(form, error, uploadFields, uploadLabels);
    // A file over the server's limit is said on the file too.
    const tooLarge = describeUploadError(error).fields.file;
    if (tooLarge) form.setFieldError('file', tooLarge);
  });
  const [ignoredFiles, setIgnoredFiles] = useState(0);
  const controller = useRef<AbortController | null>(null);
  // Only the latest file's hash counts: a slow hash of a file replaced meanwhile is dropped.
  const hashRun = useRef(0);
  const { setFieldValue } = form;
  useEffect(() => {
    // The clock is the outside system here: each opening reads it once for "collected at".
    if (opened && !collectedTouched) setFieldValue('collected_at', utcToWallTime(new Date().toISOString(), zone));
  }, [opened, collectedTouched, zone, setFieldValue]);

  const server = describeUploadError(upload.error);
  const fileError = typeof form.errors.file === 'string' ? form.errors.file : undefined;
  const busy = upload.isPending;

  const reset = () => {
    hashRun.current++;
    upload.reset();
    setFile(null);
    setHash({ status: 'idle' });
    form.setInitialValues(emptyValues(zone));
    form.reset();
    setCollectedTouched(false);
    setIgnoredFiles(0);
  };

  const close = () => {
    if (busy) return; // cancel the upload first
    reset();
    onClose();
  };

  const choose = (next: File | null, ignored = 0) => {
    upload.reset();
    setIgnoredFiles(ignored);
    setFile(next);
    form.clearFieldError('file');
    const run = ++hashRun.current;
    if (!next) {
      setHash({ status: 'idle' });
      return;
    }
    // The file's name is a first title; one the user typed is kept.
    const title = form.getValues().title;
    if (!title.trim() || title === file?.name) form.setFieldValue('title', next.name);
    setHash({ status: 'hashing' });
    sha256File(next).then(
      (outcome) => run === hashRun.current && setHash(outcome),
      (err: unknown) =>
        run === hashRun.current &&
        setHash({ status: 'failed', reason: err instanceof Error ? err.message : 'The file could not be read.' }),
    );
  };

  const send = (values: Values) => {
    if (!values.kind || hash.status === 'hashing') return;
    controller.current = new AbortController();
    upload.mutate(
      {
        fields: {
          title: values.title.trim(),
          kind: values.kind,
          description: values.description.trim() || undefined,
          source: values.source.trim() || undefined,
          collected_at: collectedTouched && values.collected_at ? wallTimeToUtc(values.collected_at, zone) : undefined,
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

  const onSubmit = (event?: { preventDefault: () => void }) => {
    event?.preventDefault();
    // A file that could not be read is an error the form's own rules cannot see.
    if (hash.status === 'failed') form.setFieldError('file', 'The file could not be read: choose it again.');
    else submitAll(form, uploadFields, send, checkedHere)();
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
            <SelectedFile file={file} hash={hash} onRemove={busy ? undefined : () => choose(null)} error={fileError} />
          ) : (
            <DropZone onFile={choose} disabled={busy} error={fileError} />
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
          <TextInput label="Title" withAsterisk {...form.getInputProps('title')} maxLength={300} disabled={busy} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label="Kind"
              withAsterisk
              placeholder="What is it?"
              data={kinds.map((k) => ({ value: k, label: kindInfo[k].label }))}
              {...form.getInputProps('kind')}
              disabled={busy}
              comboboxProps={{ withinPortal: true }}
            />
            <TextInput
              label="Collected at"
              description={collectedTouched ? `Your time (${zone})` : `Now, unless you change it (${zone})`}
              type="datetime-local"
              {...form.getInputProps('collected_at')}
              onChange={(e) => {
                setCollectedTouched(true);
                form.setFieldValue('collected_at', e.currentTarget.value);
              }}
              disabled={busy}
            />
          </SimpleGrid>
          <TextInput
            label="Source"
            description="Where it came from: host, mailbox, device, person"
            {...form.getInputProps('source')}
            maxLength={1000}
            disabled={busy}
          />
          <Textarea
            label="Description"
            autosize
            minRows={2}
            maxRows={6}
            {...form.getInputProps('description')}
            maxLength={20000}
            disabled={busy}
          />
          {!file ? (
            <Text size="xs" c="dimmed">
              No file chosen: the item is recorded without one (for example, a physical device kept elsewhere).
            </Text>
          ) : null}
          {upload.progress ? <UploadProgressBar progress={upload.progress} /> : null}
          <ErrorSummary count={errorCount(form.errors)} />
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
