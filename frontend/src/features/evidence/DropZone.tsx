// Where a file is dropped (native HTML5 drag and drop) or picked with the system dialog.
import { Button, FileButton, Group, Paper, Stack, Text } from '@mantine/core';
import { IconFileUpload } from '@tabler/icons-react';
import { useEffect, useRef, useState, type DragEvent } from 'react';

interface Props {
  /** Called with the first file; ignored counts the other files dropped with it (one item per file). */
  onFile: (file: File, ignored: number) => void;
  disabled?: boolean;
  error?: string | undefined;
}

const hasFiles = (e: { dataTransfer: DataTransfer | null }) =>
  Array.from(e.dataTransfer?.types ?? []).includes('Files');

/** A file dropped next to the zone would make the browser leave the app to open it: refuse such drops. */
function useNoStrayDrops() {
  useEffect(() => {
    const refuse = (e: globalThis.DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    window.addEventListener('dragover', refuse);
    window.addEventListener('drop', refuse);
    return () => {
      window.removeEventListener('dragover', refuse);
      window.removeEventListener('drop', refuse);
    };
  }, []);
}

export function DropZone({ onFile, disabled = false, error }: Props) {
  useNoStrayDrops();
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child crossed: count them to know when the pointer really left.
  const depth = useRef(0);

  const onDragEnter = (e: DragEvent<HTMLDivElement>) => {
    if (disabled || !hasFiles(e)) return;
    e.preventDefault();
    depth.current += 1;
    setOver(true);
  };
  const onDragOver = (e: DragEvent<HTMLDivElement>) => {
    if (disabled || !hasFiles(e)) return;
    e.preventDefault(); // allows the drop
    e.dataTransfer.dropEffect = 'copy';
  };
  const onDragLeave = () => {
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setOver(false);
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    depth.current = 0;
    setOver(false);
    if (disabled) return;
    const files = e.dataTransfer?.files;
    const file = files?.[0];
    if (file) onFile(file, (files?.length ?? 1) - 1);
  };

  const color = error
    ? 'var(--mantine-color-red-6)'
    : over
      ? 'var(--mantine-color-blue-6)'
      : 'var(--mantine-color-default-border)';
  return (
    <Stack gap={4}>
      <Paper
        p="lg"
        radius="md"
        data-testid="evidence-drop-zone"
        aria-label="Drop the evidence file here"
        role="group"
        onDragEnter={onDragEnter}
        onDragOver={onDragOver}
        onDragLeave={onDragLeave}
        onDrop={onDrop}
        style={{
          border: `2px dashed ${color}`,
          background: over ? 'var(--mantine-color-blue-light)' : undefined,
          opacity: disabled ? 0.6 : 1,
        }}
      >
        <Group justify="center" gap="md">
          <IconFileUpload size={32} stroke={1.4} color={color} />
          <Stack gap={2} align="flex-start">
            <Text fw={500}>{over ? 'Drop the file to add it' : 'Drag the evidence file here'}</Text>
            <Group gap={6}>
              <Text size="sm" c="dimmed">
                or
              </Text>
              <FileButton
                onChange={(f) => f && onFile(f, 0)}
                disabled={disabled}
                inputProps={{ 'aria-label': 'Evidence file' }}
              >
                {(props) => (
                  <Button {...props} size="xs" variant="default" disabled={disabled}>
                    Choose a file
                  </Button>
                )}
              </FileButton>
            </Group>
          </Stack>
        </Group>
      </Paper>
      {error ? (
        <Text size="sm" c="var(--cw-text-danger)" role="alert">
          {error}
        </Text>
      ) : null}
    </Stack>
  );
}
