"use client";

import { ACCOUNT_ACTIVITY_LIMIT } from "./query-inputs";

import { Button } from "@adsconnect/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@adsconnect/ui/card";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";

import { ActivityItem } from "@/components/activity/activity-item";
import { useTRPC } from "@/trpc/react";

/** The account's latest events, with a way to the whole trail. */
export function AccountActivity({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(
    trpc.activity.list.queryOptions({ accountId, limit: ACCOUNT_ACTIVITY_LIMIT }),
  );
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle className="text-base">Activity</CardTitle>
        <CardDescription>What happened to this account, newest first.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {data.items.length === 0 ? (
          <p className="text-sm text-muted-foreground">Nothing yet.</p>
        ) : (
          <ol aria-label="Account activity">
            {data.items.map((event) => (
              <ActivityItem key={event.id} event={event} showAccount={false} />
            ))}
          </ol>
        )}
        <Button variant="outline" size="sm" asChild className="self-start">
          <Link href={`/activity?account=${accountId}`}>View all activity</Link>
        </Button>
      </CardContent>
    </Card>
  );
}
