import { useCallback, useSyncExternalStore } from 'react';

/**
 * One clock per interval, shared by every component that reads it: a list of a hundred countdowns
 * keeps one timer, not a hundred, and they all turn over at the same moment.
 */
interface Clock {
  now: number;
  listeners: Set<() => void>;
  timer?: ReturnType<typeof setInterval>;
}

const clocks = new Map<number, Clock>();

function clockFor(intervalMs: number): Clock {
  let clock = clocks.get(intervalMs);
  if (!clock) {
    clock = { now: Date.now(), listeners: new Set() };
    clocks.set(intervalMs, clock);
  }
  return clock;
}

/**
 * read is the clock's time; a clock nobody has watched for a while is set right first, whichever way the
 * system's clock moved since (a clock corrected backwards would otherwise keep a time in the future).
 */
function read(intervalMs: number): number {
  const clock = clockFor(intervalMs);
  if (clock.listeners.size === 0 && Math.abs(Date.now() - clock.now) >= intervalMs) clock.now = Date.now();
  return clock.now;
}

function subscribe(intervalMs: number, listener: () => void): () => void {
  const clock = clockFor(intervalMs);
  if (clock.listeners.size === 0) {
    clock.timer = setInterval(() => {
      clock.now = Date.now();
      for (const l of clock.listeners) l();
    }, intervalMs);
  }
  clock.listeners.add(listener);
  return () => {
    clock.listeners.delete(listener);
    if (clock.listeners.size === 0) clearInterval(clock.timer);
  };
}

/** useNow returns the current time (ms), refreshed every intervalMs, for views that count down. */
export function useNow(intervalMs = 30_000): number {
  const watch = useCallback((listener: () => void) => subscribe(intervalMs, listener), [intervalMs]);
  const snapshot = useCallback(() => read(intervalMs), [intervalMs]);
  return useSyncExternalStore(watch, snapshot);
}
