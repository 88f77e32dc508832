// Plain-language times. Pure functions of (date, now), so the server and the browser agree.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "3 min ago", "in 2 h", "just now", "5 days ago". `past` times (events) read
 * "just now" even when a few seconds ahead of this clock (a page's clock ticks
 * once a second; the server's may run slightly ahead).
 */
export function formatRelative(
  date: Date | string | number,
  now: number,
  { past = false } = {},
): string {
  const diff = new Date(date).getTime() - now;
  const abs = Math.abs(diff);
  const future = diff > 0;
  let text: string;
  if (past && future && diff < 60_000) return "just now";
  if (abs < 45_000) return future ? "in a few seconds" : "just now";
  if (abs < HOUR) text = `${Math.round(abs / MINUTE)} min`;
  else if (abs < DAY) text = `${Math.round(abs / HOUR)} h`;
  else {
    const days = Math.round(abs / DAY);
    text = `${days} ${days === 1 ? "day" : "days"}`;
  }
  return future ? `in ${text}` : `${text} ago`;
}

/** A countdown: "58m 12s", "2h 05m", "3d 4h". Never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, "0")}m`;
  return `${minutes}m ${String(seconds).padStart(2, "0")}s`;
}

/** Whole days between `date` and `now`. */
export function daysSince(date: Date | string | number, now: number): number {
  return Math.floor((now - new Date(date).getTime()) / DAY);
}

/** "12 May 2026, 14:03" in the reader's locale and time zone. */
export function formatDateTime(date: Date | string | number): string {
  return new Date(date).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function formatDate(date: Date | string | number): string {
  return new Date(date).toLocaleDateString(undefined, { dateStyle: "medium" });
}
