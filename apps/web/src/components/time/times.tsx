"use client";

import { daysSince, formatCountdown, formatDateTime, formatRelative } from "./format";
import { useNow } from "./clock";

/** "3 min ago", live, with the exact time on hover and for machines. */
export function RelativeTime({
  date,
  fallback = "Never",
}: {
  date: Date | string | null | undefined;
  fallback?: string;
}) {
  const now = useNow();
  if (!date) return <span className="text-muted-foreground">{fallback}</span>;
  const iso = new Date(date).toISOString();
  return (
    <time dateTime={iso} title={formatDateTime(date)} suppressHydrationWarning>
      {formatRelative(date, now, { past: true })}
    </time>
  );
}

/**
 * A live countdown to an access token's expiry. Screen readers get the
 * expiry once (the ticking part is hidden from them), not every second.
 */
export function ExpiryCountdown({
  expiresAt,
  className,
}: {
  expiresAt: Date | string | null | undefined;
  className?: string;
}) {
  const now = useNow();
  if (!expiresAt) return <span className="text-muted-foreground">No token</span>;
  const left = new Date(expiresAt).getTime() - now;
  const iso = new Date(expiresAt).toISOString();
  if (left <= 0) {
    return (
      <time
        dateTime={iso}
        className={className}
        title={formatDateTime(expiresAt)}
        suppressHydrationWarning
      >
        Expired {formatRelative(expiresAt, now)}
      </time>
    );
  }
  return (
    <time
      dateTime={iso}
      className={className}
      title={formatDateTime(expiresAt)}
      suppressHydrationWarning
    >
      <span className="sr-only">Expires {formatRelative(expiresAt, now)}</span>
      <span aria-hidden="true" className="tabular-nums">
        in {formatCountdown(left)}
      </span>
    </time>
  );
}

export function useDaysSince(date: Date | string): number {
  return daysSince(date, useNow());
}
