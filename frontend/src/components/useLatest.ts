import { useRef } from 'react';

/**
 * useLatest returns value, or while it is null the last value it had: a dialog closed by
 * clearing its subject keeps showing that subject while it fades out.
 */
export function useLatest<T>(value: T | null): T | null {
  const last = useRef<T | null>(value);
  if (value !== null) last.current = value;
  return value ?? last.current;
}
