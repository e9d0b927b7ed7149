// One download at a time, with its progress, a cancel, and its outcome; the file is saved when it is complete.
import { useCallback, useEffect, useRef, useState } from 'react';

import type { DownloadProgress } from './progress';
import { saveBlob } from '../../components/download';

export type DownloadState<T, K> =
  | { status: 'idle' }
  | { status: 'downloading'; kind: K; progress: DownloadProgress | null }
  | { status: 'done'; kind: K; file: T }
  | { status: 'failed'; kind: K; error: unknown };

type Run<T> = (onProgress: (p: DownloadProgress) => void, signal: AbortSignal) => Promise<T>;

/** Progress is drawn at most this often: a large export arrives in thousands of chunks. */
const REDRAW_MS = 100;

const isAbort = (err: unknown) => err instanceof DOMException && err.name === 'AbortError';

/**
 * useDownload runs one download (kind says which, e.g. the format) and saves the file it
 * returns under its own name, then its companion (a `.sig`) when it has one, with no further
 * click. Starting another cancels the one running; leaving the page too.
 */
export function useDownload<
  T extends { blob: Blob; fileName: string; companion?: { blob: Blob; fileName: string } | null },
  K extends string,
>() {
  const [state, setState] = useState<DownloadState<T, K>>({ status: 'idle' });
  const running = useRef<AbortController | null>(null);

  useEffect(() => () => running.current?.abort(), []);

  const start = useCallback((kind: K, run: Run<T>) => {
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    const current = () => running.current === controller;
    let drawn = 0;
    setState({ status: 'downloading', kind, progress: null });
    const onProgress = (progress: DownloadProgress) => {
      const now = Date.now();
      if (!current() || now - drawn < REDRAW_MS) return;
      drawn = now;
      setState({ status: 'downloading', kind, progress });
    };
    run(onProgress, controller.signal).then(
      (file) => {
        if (!current()) return;
        running.current = null;
        saveBlob(file.blob, file.fileName);
        if (file.companion) saveBlob(file.companion.blob, file.companion.fileName);
        setState({ status: 'done', kind, file });
      },
      (error: unknown) => {
        if (!current()) return;
        running.current = null;
        setState(isAbort(error) || controller.signal.aborted ? { status: 'idle' } : { status: 'failed', kind, error });
      },
    );
  }, []);

  const cancel = useCallback(() => {
    running.current?.abort();
    running.current = null;
    setState({ status: 'idle' });
  }, []);

  return { state, start, cancel, busy: state.status === 'downloading' };
}
