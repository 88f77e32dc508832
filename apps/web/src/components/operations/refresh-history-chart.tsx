"use client";

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@adsconnect/ui/card";
import { useSuspenseQuery } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";

const BAR = 18;
const GAP = 6;
const HEIGHT = 96;

/** "14:00 UTC" (UTC on server and browser alike, so the page hydrates as rendered). */
function hourLabel(iso: string) {
  return `${iso.slice(11, 16)} UTC`;
}

/**
 * Refresh successes and failures per hour over the last 24 hours, every tenant together, as
 * stacked bars in plain SVG (the style of the accounts' refresh-health chart). Screen readers get
 * the totals and a table of the hours.
 */
export function RefreshHistoryChart() {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.operations.refreshHistory.queryOptions());
  const max = Math.max(1, ...data.hours.map((hour) => hour.succeeded + hour.failed));
  const width = data.hours.length * (BAR + GAP) - GAP;
  const summary = `${data.succeeded} successful and ${data.failed} failed refreshes in the last 24 hours`;
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle className="text-base">Refreshes, last 24 hours</CardTitle>
        <CardDescription>
          Per hour, every tenant, from the audit trail (failures: accounts turned refresh failing,
          grants held or refused)
        </CardDescription>
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
              No refreshes recorded in the last 24 hours.
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
            {data.hours.map((hour, index) => {
              const x = index * (BAR + GAP);
              const okHeight = (hour.succeeded / max) * (HEIGHT - 4);
              const failHeight = (hour.failed / max) * (HEIGHT - 4);
              return (
                <g key={hour.hour}>
                  <title>{`${hourLabel(hour.hour)}: ${hour.succeeded} succeeded, ${hour.failed} failed`}</title>
                  <rect x={x} y={0} width={BAR} height={HEIGHT} className="fill-muted/60" rx={3} />
                  {hour.succeeded > 0 ? (
                    <rect
                      x={x}
                      y={HEIGHT - okHeight}
                      width={BAR}
                      height={okHeight}
                      className="fill-chart-success"
                      rx={3}
                    />
                  ) : null}
                  {hour.failed > 0 ? (
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
            <span>
              {hourLabel(data.hours[0]!.hour)}
              {data.hours[0]!.hour.slice(0, 10) === data.hours.at(-1)!.hour.slice(0, 10)
                ? ""
                : ", yesterday"}
            </span>
            <span>This hour</span>
          </figcaption>
        </figure>
        {/* sr-only on a wrapper: a table ignores the 1px box and would stretch the page. */}
        <div className="sr-only">
          <table>
            <caption>Refreshes per hour</caption>
            <thead>
              <tr>
                <th scope="col">Hour</th>
                <th scope="col">Succeeded</th>
                <th scope="col">Failed</th>
              </tr>
            </thead>
            <tbody>
              {data.hours.map((hour) => (
                <tr key={hour.hour}>
                  <th scope="row">{hourLabel(hour.hour)}</th>
                  <td>{hour.succeeded}</td>
                  <td>{hour.failed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </CardContent>
    </Card>
  );
}
