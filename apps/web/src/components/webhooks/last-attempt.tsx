"use client";

import { RelativeTime } from "@/components/time/times";

/** What the newest delivery attempt of an endpoint looked like, if any (listEndpoints' `lastAttempt`). */
export interface AttemptSummary {
  at: Date | string;
  /** succeeded (a 2xx) or failed. */
  status: string;
  /** The receiver's HTTP status, or null when none came (timeout, refused connection). */
  responseCode: number | null;
}

/** "200 · 3 min ago" (green when it succeeded), or "Never". */
export function LastAttempt({ attempt }: { attempt: AttemptSummary | null | undefined }) {
  if (!attempt) return <span className="text-muted-foreground">Never</span>;
  const succeeded = attempt.status === "succeeded";
  return (
    <span className="inline-flex items-center gap-1.5">
      <span
        className={succeeded ? "text-success" : "text-destructive"}
        data-attempt-outcome={succeeded ? "succeeded" : "failed"}
      >
        {attempt.responseCode ?? "No response"}
        <span className="sr-only">{succeeded ? " (succeeded)" : " (failed)"}</span>
      </span>
      <span aria-hidden="true">·</span>
      <RelativeTime date={attempt.at} />
    </span>
  );
}
