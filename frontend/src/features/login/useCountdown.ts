import { useEffect, useState } from 'react';

/** useCountdown returns the whole seconds left until `until` (ms since the epoch), ticking each second; 0 when none. */
export function useCountdown(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (until === null) return undefined;
    const tick = () => {
      const t = Date.now();
      setNow(t);
      if (t >= until) clearInterval(id);
    };
    // A new deadline reads the clock at once, not at the next tick: the page may have been open for minutes.
    const first = setTimeout(tick, 0);
    const id = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(id);
    };
  }, [until]);

  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}
