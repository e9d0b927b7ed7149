// A download under way: a bar when the size is known, a spinner when it is not, and a cancel.
import { Button, Group, Loader, Progress, Stack, Text } from '@mantine/core';

import { progressLabel, progressPercent, type DownloadProgress } from './progress';

export function ExportProgress({
  what,
  progress,
  unit,
  onCancel,
}: {
  /** What is downloading, e.g. "PDF report". */
  what: string;
  progress: DownloadProgress | null;
  /** Count lines as this (singular, plural), e.g. JSON lines as events. */
  unit?: [string, string];
  onCancel: () => void;
}) {
  const percent = progress ? progressPercent(progress) : null;
  const label = progress ? progressLabel(progress, unit) : 'Waiting for the server to build the export…';
  return (
    <Stack gap={6} data-testid="export-progress">
      {percent !== null ? (
        <Progress value={percent} size="lg" radius="sm" animated aria-label={`Downloading the ${what}`} />
      ) : null}
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Group gap="xs" wrap="nowrap">
          {percent === null ? <Loader size="xs" aria-label={`Downloading the ${what}`} /> : null}
          <Text size="sm" aria-live="polite">
            Downloading the {what}: {label}
          </Text>
        </Group>
        <Button variant="subtle" color="gray" size="compact-sm" onClick={onCancel}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}
