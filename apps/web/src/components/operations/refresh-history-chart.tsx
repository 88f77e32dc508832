"use client";

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@adsconnect/ui/card";
import { useSuspenseQuery } from "@tanstack/react-query";

import { RefreshBars } from "@/components/charts/refresh-bars";
import { useTRPC } from "@/trpc/react";

/** "14:00 UTC" (UTC on server and browser alike, so the page hydrates as rendered). */
function hourLabel(iso: string) {
  return `${iso.slice(11, 16)} UTC`;
}

/** Refresh successes and failures per hour over the last 24 hours, every tenant together. */
export function RefreshHistoryChart() {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.operations.refreshHistory.queryOptions());
  const first = data.hours[0]!.hour;
  const yesterday = first.slice(0, 10) !== data.hours.at(-1)!.hour.slice(0, 10);
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
        <RefreshBars
          bars={data.hours.map((hour) => ({
            key: hour.hour,
            label: hourLabel(hour.hour),
            succeeded: hour.succeeded,
            failed: hour.failed,
          }))}
          succeeded={data.succeeded}
          failed={data.failed}
          summary={`${data.succeeded} successful and ${data.failed} failed refreshes in the last 24 hours`}
          emptyText="No refreshes recorded in the last 24 hours."
          caption="Refreshes per hour"
          unit="Hour"
          startLabel={`${hourLabel(first)}${yesterday ? ", yesterday" : ""}`}
          endLabel="This hour"
          gap={6}
        />
      </CardContent>
    </Card>
  );
}
