"use client";

import { createContext, useContext, useSyncExternalStore } from "react";

/**
 * One shared clock for every live time on the page (countdowns, "3 min ago"):
 * a single interval, running only while something shows a time.
 *
 * Hydration renders with the server's time (`serverNow`, handed down by the
 * layout), so server and browser produce the same text; the live time takes
 * over right after.
 */
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
let now = Date.now();

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const ServerNow = createContext<number>(0);

export function ClockProvider({
  serverNow,
  children,
}: {
  serverNow: number;
  children: React.ReactNode;
}) {
  return <ServerNow value={serverNow}>{children}</ServerNow>;
}

/** The current time in ms, updated every second. */
export function useNow(): number {
  const serverNow = useContext(ServerNow);
  return useSyncExternalStore(
    subscribe,
    () => now,
    () => serverNow || now,
  );
}
