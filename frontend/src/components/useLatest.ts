import { useState } from 'react';

/**
 * useLatest returns value, or while it is null the last value it had: a dialog closed by
 * clearing its subject keeps showing that subject while it fades out.
 */
export function useLatest<T>(value: T | null): T | null {
  const [last, setLast] = useState<T | null>(value);
  if (value !== null && value !== last) setLast(value);
  return value ?? last;
}
