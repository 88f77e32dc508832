import { Suspense } from "react";

import { ActivityFeed } from "@/components/activity/activity-feed";
import {
  activityInput,
  activityPaging,
  parseActivityFilters,
} from "@/components/activity/activity-filters";
import { ActivitySkeleton } from "@/components/activity/activity-skeleton";
import { PageHeader } from "@/components/shell/page-header";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const metadata = { title: "Activity" };

export default async function ActivityPage({
  searchParams,
}: {
  searchParams: Promise<{ account?: string | string[]; type?: string | string[] }>;
}) {
  const filters = parseActivityFilters(await searchParams);
  // Awaited so nothing is still pending when client components render on the server.
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.accounts.list.queryOptions()),
    queryClient.prefetchInfiniteQuery(
      trpc.activity.list.infiniteQueryOptions(activityInput(filters), activityPaging),
    ),
  ]);
  return (
    <HydrateClient>
      <div className="flex flex-col gap-8">
        <PageHeader
          title="Activity"
          description="Everything that happened to your accounts and API keys: connections, refreshes, failures, recoveries and keys."
        />
        <Suspense key={JSON.stringify(filters)} fallback={<ActivitySkeleton />}>
          <ActivityFeed filters={filters} />
        </Suspense>
      </div>
    </HydrateClient>
  );
}
