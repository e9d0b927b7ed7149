import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { useNow } from './useNow';

function Clock({ name }: { name: string }) {
  return <span data-testid={name}>{useNow(1000)}</span>;
}

describe('useNow', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-12-05T12:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('keeps one timer for every reader of an interval, and they turn over together', () => {
    const start = Date.now();
    const { unmount } = render(
      <>
        <Clock name="a" />
        <Clock name="b" />
        <Clock name="c" />
      </>,
    );
    expect(vi.getTimerCount()).toBe(1);
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    for (const name of ['a', 'b', 'c']) expect(screen.getByTestId(name).textContent).toBe(String(start + 1000));
    unmount();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('starts a reader who comes later at the current time, not at the time the clock last ticked', () => {
    const first = render(<Clock name="early" />);
    first.unmount();
    vi.setSystemTime(Date.now() + 60_000);
    render(<Clock name="late" />);
    expect(screen.getByTestId('late').textContent).toBe(String(Date.now()));
  });

  it('reads the new time after the system clock was set back while nobody watched', () => {
    const first = render(<Clock name="before" />);
    first.unmount();
    vi.setSystemTime(Date.now() - 86_400_000); // a clock corrected by a day
    render(<Clock name="after" />);
    expect(screen.getByTestId('after').textContent).toBe(String(Date.now()));
  });
});
