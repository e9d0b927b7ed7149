// How far an upload has gone, from the browser's own upload progress events.
import { Progress, Stack, Text } from '@mantine/core';

import { formatBytes } from './format';
import type { UploadProgress } from './upload';

/** uploadPercent is the share sent, 0–100, rounded down (100 only once every byte is sent). */
export function uploadPercent({ loaded, total }: UploadProgress): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.floor((loaded / total) * 100));
}

export function UploadProgressBar({ progress }: { progress: UploadProgress }) {
  const percent = uploadPercent(progress);
  const sent = progress.total > 0 && progress.loaded >= progress.total;
  return (
    <Stack gap={4}>
      <Progress
        value={percent}
        size="lg"
        radius="sm"
        animated={!sent}
        aria-label="Upload progress"
        data-testid="upload-progress"
      />
      <Text size="xs" c="dimmed" aria-live="polite">
        {sent
          ? 'Every byte is sent; the server is hashing and storing the file…'
          : progress.total > 0
            ? `Uploading: ${percent}% (${formatBytes(progress.loaded)} of ${formatBytes(progress.total)})`
            : 'Starting the upload…'}
      </Text>
    </Stack>
  );
}
