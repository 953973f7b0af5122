import { useEffect, useState } from 'react';

interface Ticker {
  listeners: Set<(now: number) => void>;
  timer: ReturnType<typeof setInterval> | null;
}

// One shared ticker per interval: a board of 100 countdowns re-renders once per tick, not 100 timers.
const tickers = new Map<number, Ticker>();

/** The current time, updated every `intervalMs` while some component uses it. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let ticker = tickers.get(intervalMs);
    if (!ticker) {
      ticker = { listeners: new Set(), timer: null };
      tickers.set(intervalMs, ticker);
    }
    const t = ticker;
    t.listeners.add(setNow);
    t.timer ??= setInterval(() => {
      const at = Date.now();
      for (const l of t.listeners) l(at);
    }, intervalMs);
    return () => {
      t.listeners.delete(setNow);
      if (t.listeners.size === 0 && t.timer) {
        clearInterval(t.timer);
        t.timer = null;
      }
    };
  }, [intervalMs]);
  return now;
}
