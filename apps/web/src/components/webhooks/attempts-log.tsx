"use client";

import type { DashboardOutputs } from "@adsconnect/api/dashboard";
import { Button } from "@adsconnect/ui/button";
import { DataTable } from "@adsconnect/ui/data-table";
import { SectionCard } from "@adsconnect/ui/section-card";
import { TableCell, TableRow } from "@adsconnect/ui/table";
import { useSuspenseInfiniteQuery } from "@tanstack/react-query";
import { Loader2 } from "lucide-react";

import { useNow } from "@/components/time/clock";
import { formatRelative } from "@/components/time/format";
import { RelativeTime } from "@/components/time/times";
import { useTRPC } from "@/trpc/react";

import { AttemptOutcome } from "./attempt-outcome";
import { attemptsQueryOptions, DELIVERY_POLL_MS } from "./query-inputs";
import { ReplayButton } from "./replay-button";

type Attempt = DashboardOutputs["webhooks"]["listAttempts"]["items"][number];

/**
 * Every delivery attempt to the endpoint, newest first: when, which event, how it went, the
 * receiver's status code, how long it took and the start of its answer. Admins can replay a
 * message (its newest attempt's row carries the button). Polls while `watchUntil` is ahead, so
 * a test event's delivery shows up without a reload.
 */
export function AttemptsLog({
  endpointId,
  canManage,
  watchUntil,
  onReplayed,
}: {
  endpointId: string;
  canManage: boolean;
  watchUntil: number;
  onReplayed: () => void;
}) {
  const trpc = useTRPC();
  const attempts = useSuspenseInfiniteQuery({
    ...trpc.webhooks.listAttempts.infiniteQueryOptions({ endpointId }, attemptsQueryOptions),
    refetchInterval: () => (Date.now() < watchUntil ? DELIVERY_POLL_MS : false),
  });
  const rows = attempts.data.pages.flatMap((page) => page.items);
  const newest = newestOfEachMessage(rows);
  return (
    <SectionCard
      title="Delivery attempts"
      description="Each try to deliver an event, newest first. A failed delivery is retried with growing waits for about a day."
      contentClassName="flex flex-col gap-3"
    >
      {rows.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          No deliveries yet. Events appear here when an account of this workspace changes
          {canManage ? ", or when you send a test event." : "."}
        </p>
      ) : (
        <DataTable
          label="Delivery attempts"
          columns={["Time", "Event", "Status", "Response", "Duration", "Body"]}
          actions={canManage}
        >
          {rows.map((attempt) => (
            <TableRow
              key={attempt.id}
              data-attempt-id={attempt.id}
              data-event-type={attempt.eventType}
            >
              <TableCell className="whitespace-nowrap">
                <RelativeTime date={attempt.createdAt} />
              </TableCell>
              <TableCell className="font-mono text-xs whitespace-nowrap">
                {attempt.eventType}
              </TableCell>
              <TableCell>
                <div className="flex flex-col items-start gap-1">
                  <AttemptOutcome succeeded={attempt.status === "succeeded"} />
                  {newest.has(attempt.id) ? <MessageFate attempt={attempt} /> : null}
                </div>
              </TableCell>
              <TableCell className="font-mono text-xs tabular-nums">
                {attempt.responseCode ?? (
                  <span className="font-sans text-muted-foreground">
                    {attempt.error ?? "No response"}
                  </span>
                )}
              </TableCell>
              <TableCell className="text-xs whitespace-nowrap tabular-nums">
                {attempt.durationMs} ms
              </TableCell>
              <TableCell className="max-w-64 min-w-40">
                <ResponseBody body={attempt.responseBody} />
              </TableCell>
              {canManage ? (
                <TableCell className="text-right">
                  {newest.has(attempt.id) ? (
                    <ReplayButton
                      messageId={attempt.messageId}
                      eventType={attempt.eventType}
                      onReplayed={onReplayed}
                    />
                  ) : null}
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </DataTable>
      )}
      {attempts.hasNextPage ? (
        <Button
          variant="outline"
          className="self-start"
          disabled={attempts.isFetchingNextPage}
          onClick={() => void attempts.fetchNextPage()}
        >
          {attempts.isFetchingNextPage ? (
            <Loader2 aria-hidden="true" className="animate-spin" />
          ) : null}
          Show older attempts
        </Button>
      ) : null}
    </SectionCard>
  );
}

/** The id of each message's newest attempt among `rows` (newest first): its row carries Replay. */
function newestOfEachMessage(rows: readonly Attempt[]): Set<string> {
  const messages = new Set<string>();
  const newest = new Set<string>();
  for (const attempt of rows) {
    if (messages.has(attempt.messageId)) continue;
    messages.add(attempt.messageId);
    newest.add(attempt.id);
  }
  return newest;
}

/** After a failed attempt, what happens to its message: another try at a time, or none. */
function MessageFate({ attempt }: { attempt: Attempt }) {
  const now = useNow();
  if (attempt.status === "succeeded") return null;
  if (attempt.messageState === "pending") {
    const next = new Date(attempt.messageNextAttemptAt);
    return (
      <time
        dateTime={next.toISOString()}
        className="text-xs whitespace-nowrap text-muted-foreground"
        suppressHydrationWarning
      >
        {next.getTime() > now ? `Retry ${formatRelative(next, now)}` : "Retrying"}
      </time>
    );
  }
  if (attempt.messageState === "failed")
    return <span className="text-xs text-muted-foreground">Gave up</span>;
  return null;
}

/** The start of the receiver's answer (it is stored truncated); the rest behind a disclosure. */
function ResponseBody({ body }: { body: string | null }) {
  if (!body) return <span className="text-xs text-muted-foreground">Empty</span>;
  if (body.length <= 60) return <code className="font-mono text-xs break-all">{body}</code>;
  return (
    <details className="text-xs">
      <summary className="cursor-pointer truncate font-mono">{body.slice(0, 60)}…</summary>
      <pre className="mt-1 max-h-48 overflow-auto rounded bg-muted p-2 font-mono whitespace-pre-wrap break-all">
        {body}
      </pre>
    </details>
  );
}
