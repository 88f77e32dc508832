"use client";

import { HEALTH_DAYS } from "./query-inputs";

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@adsconnect/ui/card";
import { useSuspenseQuery } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";

const BAR = 18;
const GAP = 8;
const HEIGHT = 96;

function shortDay(date: string) {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString(undefined, {
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  });
}

/**
 * Refresh successes and failures per day from the audit trail, as stacked
 * bars in plain SVG. Screen readers get the totals and a table of the days.
 */
export function RefreshHealthChart({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(
    trpc.activity.refreshHealth.queryOptions({ accountId, days: HEALTH_DAYS }),
  );
  const max = Math.max(1, ...data.days.map((day) => day.succeeded + day.failed));
  const width = data.days.length * (BAR + GAP) - GAP;
  const summary = `${data.succeeded} successful and ${data.failed} failed refreshes in the last ${HEALTH_DAYS} days`;
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle className="text-base">Refresh health</CardTitle>
        <CardDescription>Last {HEALTH_DAYS} days, from the audit trail</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <div className="flex items-center gap-4 text-sm">
          <span className="flex items-center gap-1.5">
            <span aria-hidden="true" className="size-2.5 rounded-sm bg-chart-success" />
            <span className="font-semibold tabular-nums">{data.succeeded}</span> succeeded
          </span>
          <span className="flex items-center gap-1.5">
            <span aria-hidden="true" className="size-2.5 rounded-sm bg-chart-failure" />
            <span className="font-semibold tabular-nums">{data.failed}</span> failed
          </span>
        </div>
        <figure className="relative m-0">
          {data.succeeded + data.failed === 0 ? (
            <p className="absolute inset-x-0 top-9 text-center text-xs text-muted-foreground">
              No refreshes recorded in these days yet.
            </p>
          ) : null}
          <svg
            viewBox={`0 0 ${width} ${HEIGHT + 18}`}
            role="img"
            aria-label={summary}
            className="h-32 w-full"
            preserveAspectRatio="none"
          >
            <line
              x1={0}
              x2={width}
              y1={HEIGHT + 0.5}
              y2={HEIGHT + 0.5}
              className="stroke-border"
              strokeWidth={1}
            />
            {data.days.map((day, index) => {
              const x = index * (BAR + GAP);
              const okHeight = (day.succeeded / max) * (HEIGHT - 4);
              const failHeight = (day.failed / max) * (HEIGHT - 4);
              return (
                <g key={day.date}>
                  <title>{`${shortDay(day.date)}: ${day.succeeded} succeeded, ${day.failed} failed`}</title>
                  <rect x={x} y={0} width={BAR} height={HEIGHT} className="fill-muted/60" rx={3} />
                  {day.succeeded > 0 ? (
                    <rect
                      x={x}
                      y={HEIGHT - okHeight}
                      width={BAR}
                      height={okHeight}
                      className="fill-chart-success"
                      rx={3}
                    />
                  ) : null}
                  {day.failed > 0 ? (
                    <rect
                      x={x}
                      y={HEIGHT - okHeight - failHeight}
                      width={BAR}
                      height={failHeight}
                      className="fill-chart-failure"
                      rx={3}
                    />
                  ) : null}
                </g>
              );
            })}
          </svg>
          <figcaption
            className="flex justify-between text-xs text-muted-foreground"
            aria-hidden="true"
          >
            <span>{shortDay(data.days[0]!.date)}</span>
            <span>Today</span>
          </figcaption>
        </figure>
        <table className="sr-only">
          <caption>Refreshes per day</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Succeeded</th>
              <th scope="col">Failed</th>
            </tr>
          </thead>
          <tbody>
            {data.days.map((day) => (
              <tr key={day.date}>
                <th scope="row">{shortDay(day.date)}</th>
                <td>{day.succeeded}</td>
                <td>{day.failed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </CardContent>
    </Card>
  );
}
