// "Check a file I received": an export (and its .sig) checked in this browser against the keys this
// installation publishes. The file never leaves the browser.
import { Alert, Button, Card, FileButton, Group, List, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import {
  IconAlertOctagon,
  IconAlertTriangle,
  IconFileSearch,
  IconShieldCheck,
  IconShieldX,
  IconUpload,
} from '@tabler/icons-react';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useLocation } from 'react-router';

import { LoadError } from '../../components/PageStates';
import { publishedKeys } from './check/keys';
import { checkFiles, type Problem, type Verdict } from './check/verify';
import { useExportKeys } from './queries';

const titles: Record<Problem, string> = {
  'not-caseward': 'Not a Caseward export',
  'needs-signature': 'Its signature file is needed too',
  'unknown-key': 'Not signed by this installation',
  'other-export': 'The signature file belongs to another export',
  'bad-signature': 'Not valid',
  altered: 'Not valid',
  malformed: 'Not valid',
  'broken-chain': 'Not valid',
  newer: 'Made by a newer Caseward',
};

/** wrap lets long file names and fingerprints break anywhere on a narrow screen. */
const wrap = {
  body: { minWidth: 0 },
  title: { overflowWrap: 'anywhere' as const },
  message: { overflowWrap: 'anywhere' as const },
};

function VerdictCard({ v }: { v: Verdict }) {
  if (v.valid) {
    return (
      <Alert
        color="teal"
        variant="light"
        icon={<IconShieldCheck />}
        title={v.file}
        styles={wrap}
        data-testid="check-verdict"
        data-valid="true"
      >
        <Stack gap={6}>
          <Text size="sm" fw={500}>
            {v.headline}
          </Text>
          {v.manifest.exporter_name ? (
            <Text size="xs">
              {v.manifest.exporter_name}&apos;s email: {v.manifest.exporter_email}
            </Text>
          ) : null}
          {v.notes.map((n) => (
            <Text key={n} size="xs" c="dimmed">
              {n}
            </Text>
          ))}
        </Stack>
      </Alert>
    );
  }
  const mild = v.problem === 'needs-signature' || v.problem === 'not-caseward' || v.problem === 'newer';
  return (
    <Alert
      color={mild ? 'yellow' : 'red'}
      variant="light"
      icon={mild ? <IconAlertTriangle /> : v.problem === 'unknown-key' ? <IconShieldX /> : <IconAlertOctagon />}
      title={`${titles[v.problem]}: ${v.file}`}
      styles={wrap}
      data-testid="check-verdict"
      data-valid="false"
    >
      <Text size="sm" fw={500}>
        {v.headline}
      </Text>
    </Alert>
  );
}

type State =
  | { status: 'idle' }
  | { status: 'checking' }
  | { status: 'done'; verdicts: Verdict[] }
  | { status: 'failed'; message: string };

export function CheckFileSection() {
  const keys = useExportKeys();
  const [state, setState] = useState<State>({ status: 'idle' });
  const [over, setOver] = useState(false);
  const run = useRef(0);
  // Cleared after each pick, so that picking the same file again checks it again.
  const resetPicker = useRef<() => void>(null);
  const card = useRef<HTMLDivElement>(null);
  const location = useLocation();

  useEffect(() => {
    if (location.hash === '#check') card.current?.scrollIntoView?.({ block: 'start' });
  }, [location.hash]);

  const check = async (files: File[]) => {
    if (!files.length || !keys.data) return;
    const mine = ++run.current;
    resetPicker.current?.();
    setState({ status: 'checking' });
    try {
      const picked = await Promise.all(
        files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
      );
      const verdicts = await checkFiles(picked, await publishedKeys(keys.data));
      if (mine === run.current) setState({ status: 'done', verdicts });
    } catch (err) {
      if (mine === run.current)
        setState({ status: 'failed', message: err instanceof Error ? err.message : String(err) });
    }
  };

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    void check([...e.dataTransfer.files]);
  };

  const body = () => {
    if (keys.isError) {
      return (
        <LoadError
          error={keys.error}
          title="The published keys could not be loaded, so no file can be checked"
          onRetry={() => void keys.refetch()}
          retrying={keys.isFetching}
        />
      );
    }
    return (
      <Paper
        withBorder
        p="md"
        radius="md"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        style={{ borderStyle: 'dashed', background: over ? 'var(--mantine-color-blue-light)' : undefined }}
        data-testid="check-drop"
      >
        <Group gap="sm" wrap="wrap">
          <FileButton
            onChange={(files) => void check(files)}
            resetRef={resetPicker}
            multiple
            inputProps={{ 'aria-label': 'Files to check' }}
          >
            {(props) => (
              <Button
                {...props}
                leftSection={<IconUpload size={16} />}
                disabled={!keys.data}
                loading={state.status === 'checking'}
              >
                Choose files…
              </Button>
            )}
          </FileButton>
          <Text size="sm" c="dimmed">
            or drop them here
          </Text>
        </Group>
      </Paper>
    );
  };

  return (
    <Card withBorder padding="md" radius="md" ref={card} id="check">
      <Stack gap="md">
        <Stack gap={2}>
          <Group gap="xs">
            <IconFileSearch size={20} />
            <Title order={2} fz="h4">
              Check a file I received
            </Title>
          </Group>
          <Text size="sm" c="dimmed">
            Checks an export in this browser against the keys this installation publishes: who exported it, when, and
            that not one byte has changed. The file is not uploaded.
          </Text>
          <List size="sm" c="dimmed" spacing={2}>
            <List.Item>
              a JSON bundle, a CSV zip (a case or the audit log) or an audit log in JSON lines: the file alone;
            </List.Item>
            <List.Item>
              a PDF, or an audit log CSV saved before it came as a zip: the file and its .sig, picked or dropped
              together.
            </List.Item>
          </List>
        </Stack>
        {body()}
        {state.status === 'checking' ? (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">Checking…</Text>
          </Group>
        ) : null}
        {state.status === 'failed' ? (
          <Alert color="red" variant="light" title="The file could not be checked" role="alert">
            {state.message}
          </Alert>
        ) : null}
        {state.status === 'done' ? (
          <Stack gap="sm" aria-live="polite" data-testid="check-result">
            {state.verdicts.map((v) => (
              <VerdictCard key={v.file} v={v} />
            ))}
          </Stack>
        ) : null}
      </Stack>
    </Card>
  );
}
