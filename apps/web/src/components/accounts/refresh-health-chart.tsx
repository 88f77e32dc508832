"use client";

import { HEALTH_DAYS } from "./query-inputs";

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@adsconnect/ui/card";
import { useSuspenseQuery } from "@tanstack/react-query";

import { RefreshBars } from "@/components/charts/refresh-bars";
import { useTRPC } from "@/trpc/react";

function shortDay(date: string) {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString(undefined, {
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  });
}

/** One account's refresh successes and failures per day, from the audit trail. */
export function RefreshHealthChart({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(
    trpc.activity.refreshHealth.queryOptions({ accountId, days: HEALTH_DAYS }),
  );
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle className="text-base">Refresh health</CardTitle>
        <CardDescription>Last {HEALTH_DAYS} days, from the audit trail</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <RefreshBars
          bars={data.days.map((day) => ({
            key: day.date,
            label: shortDay(day.date),
            succeeded: day.succeeded,
            failed: day.failed,
          }))}
          succeeded={data.succeeded}
          failed={data.failed}
          summary={`${data.succeeded} successful and ${data.failed} failed refreshes in the last ${HEALTH_DAYS} days`}
          emptyText="No refreshes recorded in these days yet."
          caption="Refreshes per day"
          unit="Day"
          startLabel={shortDay(data.days[0]!.date)}
          endLabel="Today"
          gap={8}
        />
      </CardContent>
    </Card>
  );
}
