"use client";

import type { DashboardOutputs } from "@adsconnect/api/dashboard";
import { Badge } from "@adsconnect/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@adsconnect/ui/card";
import { useSuspenseQuery } from "@tanstack/react-query";
import { CircleAlert, CircleCheck, CircleX } from "lucide-react";

import { StatusBadge } from "@/components/accounts/status-badge";
import { RelativeTime } from "@/components/time/times";
import { useTRPC } from "@/trpc/react";

type Status = DashboardOutputs["operations"]["status"];

const OVERALL = {
  ok: { label: "Operational", variant: "success", Icon: CircleCheck },
  degraded: { label: "Degraded", variant: "warning", Icon: CircleAlert },
  down: { label: "Down", variant: "destructive", Icon: CircleX },
} as const;

const ACCOUNT_STATUSES = ["active", "refresh_failing", "reauth_required", "disconnected"] as const;

/** "42 s", "7 min", "3 h": an age or a wait, short. */
function duration(seconds: number | null): string {
  if (seconds === null) return "—";
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

function Stat({ label, value, hint }: { label: string; value: React.ReactNode; hint?: string }) {
  return (
    <div className="flex flex-col gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
      {hint ? <dd className="text-xs text-muted-foreground">{hint}</dd> : null}
    </div>
  );
}

/** The system status (as /api/status judges it), workers, queue, breaker, and accounts by status. */
export function OperationsOverview() {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.operations.status.queryOptions());
  const overall = OVERALL[data.status];
  return (
    <div className="flex flex-col gap-4">
      <Card className="gap-3" aria-labelledby="system-status-title">
        <CardHeader>
          <div className="flex flex-wrap items-center gap-3">
            <CardTitle id="system-status-title" className="text-base">
              System status
            </CardTitle>
            <Badge variant={overall.variant} data-status={data.status}>
              <overall.Icon aria-hidden="true" />
              {overall.label}
            </Badge>
          </div>
          <CardDescription>
            As <code className="font-mono text-xs">/api/status</code> answers it, checked{" "}
            <RelativeTime date={data.checkedAt} />
          </CardDescription>
        </CardHeader>
        <CardContent>
          {data.reasons.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              Nothing to do: a worker is alive, the queue keeps up, refreshes succeed.
            </p>
          ) : (
            <ul className="flex flex-col gap-1.5 text-sm">
              {data.reasons.map((reason) => (
                <li key={reason.code} className="flex gap-2">
                  <code className="shrink-0 font-mono text-xs leading-5 text-muted-foreground">
                    {reason.code}
                  </code>
                  <span>{reason.message}</span>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
      <div className="grid gap-4 md:grid-cols-2 lg:grid-cols-4">
        <WorkersCard workers={data.workers} />
        <QueueCard queue={data.queue} refresh={data.refresh} />
        <BreakerCard breaker={data.breaker} />
        <AccountsCard accounts={data.accounts} />
      </div>
    </div>
  );
}

function WorkersCard({ workers }: { workers: Status["workers"] }) {
  return (
    <Card className="gap-3">
      <CardHeader>
        <CardTitle className="text-base">Workers</CardTitle>
        <CardDescription>Heartbeats, freshest first</CardDescription>
      </CardHeader>
      <CardContent>
        {workers.length === 0 ? (
          <p className="text-sm text-muted-foreground">No heartbeat: no worker is running.</p>
        ) : (
          <ul className="flex flex-col gap-2 text-sm">
            {workers.map((worker) => (
              <li key={worker.workerId} className="flex flex-col gap-0.5">
                <span className="flex items-center gap-2">
                  <Badge variant={worker.fresh ? "success" : "destructive"}>
                    {worker.fresh ? "Alive" : "Stale"}
                  </Badge>
                  <span className="tabular-nums">
                    beat {duration(worker.heartbeatAgeSeconds)} ago
                  </span>
                </span>
                <code
                  className="truncate font-mono text-xs text-muted-foreground"
                  title={worker.workerId}
                >
                  {worker.workerId}
                </code>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

function QueueCard({ queue, refresh }: { queue: Status["queue"]; refresh: Status["refresh"] }) {
  return (
    <Card className="gap-3">
      <CardHeader>
        <CardTitle className="text-base">Queue</CardTitle>
        <CardDescription>graphile-worker&apos;s jobs and due tokens</CardDescription>
      </CardHeader>
      <CardContent>
        {queue === null ? (
          <p className="text-sm text-muted-foreground">
            The worker has never started on this database.
          </p>
        ) : (
          <dl className="grid grid-cols-2 gap-3">
            <Stat
              label="Waiting"
              value={queue.waiting}
              hint={`oldest ${duration(queue.oldestWaitingSeconds)}`}
            />
            <Stat label="Running" value={queue.running} />
            <Stat label="Scheduled" value={queue.scheduled} />
            <Stat label="Failed" value={queue.failed} />
            <Stat
              label="Due accounts"
              value={refresh.dueAccounts}
              hint="expiring within the lead time"
            />
            <Stat
              label="Success, last hour"
              value={
                refresh.lastHour.successRate === null
                  ? "—"
                  : `${Math.round(refresh.lastHour.successRate * 100)}%`
              }
              hint={`${refresh.lastHour.succeeded} ok, ${refresh.lastHour.failing} failing`}
            />
          </dl>
        )}
      </CardContent>
    </Card>
  );
}

function BreakerCard({ breaker }: { breaker: Status["breaker"] }) {
  return (
    <Card className="gap-3">
      <CardHeader>
        <div className="flex items-center gap-2">
          <CardTitle className="text-base">Breaker</CardTitle>
          {breaker ? (
            <Badge variant={breaker.open ? "destructive" : "success"} data-breaker={breaker.state}>
              {breaker.open ? "Open" : "Closed"}
            </Badge>
          ) : null}
        </div>
        <CardDescription>Mass revocation: grants held, not erased, while open</CardDescription>
      </CardHeader>
      <CardContent>
        {breaker ? (
          <dl className="grid grid-cols-2 gap-3">
            <Stat
              label="invalid_grant"
              value={`${breaker.invalidGrantCount} / ${breaker.refreshCount}`}
              hint="of the latest verdicts"
            />
            <Stat
              label="Held"
              value={breaker.heldCount}
              hint={`in ${duration(breaker.windowSeconds)}`}
            />
            {breaker.openedAt ? (
              <Stat label="Open since" value={<RelativeTime date={breaker.openedAt} />} />
            ) : null}
          </dl>
        ) : (
          <p className="text-sm text-muted-foreground">Not reported.</p>
        )}
      </CardContent>
    </Card>
  );
}

function AccountsCard({ accounts }: { accounts: Status["accounts"] }) {
  return (
    <Card className="gap-3">
      <CardHeader>
        <CardTitle className="text-base">Accounts</CardTitle>
        <CardDescription>{accounts.total} across every tenant</CardDescription>
      </CardHeader>
      <CardContent>
        <ul className="flex flex-col gap-2 text-sm">
          {ACCOUNT_STATUSES.map((status) => (
            <li key={status} className="flex items-center justify-between gap-2">
              <StatusBadge status={status} />
              <span className="font-semibold tabular-nums">{accounts[status]}</span>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
