import { notFound } from "next/navigation";

import { OperationsOverview } from "@/components/operations/operations-overview";
import { RECENT_FAILURES_LIMIT } from "@/components/operations/query-inputs";
import { RecentFailures } from "@/components/operations/recent-failures";
import { RefreshHistoryChart } from "@/components/operations/refresh-history-chart";
import { PageHeader } from "@/components/shell/page-header";
import { isOperator } from "@/server/operators";
import { getSession } from "@/server/session";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const metadata = { title: "Operations" };

/** The operator's page: the whole system across every tenant, as counts, codes and request ids. */
export default async function OperationsPage() {
  // The layout checks too; the page never renders for anyone else, whatever renders it.
  if (!isOperator(await getSession())) notFound();
  // Awaited, not streamed (as the other pages): nothing is pending when client components render.
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.operations.status.queryOptions()),
    queryClient.prefetchQuery(trpc.operations.refreshHistory.queryOptions()),
    queryClient.prefetchQuery(
      trpc.operations.recentFailures.queryOptions({ limit: RECENT_FAILURES_LIMIT }),
    ),
  ]);
  return (
    <HydrateClient>
      <div className="flex flex-col gap-8">
        <PageHeader
          title="Operations"
          description="Workers, queue, refreshes and the mass-revocation breaker across every tenant. Counts, Amazon's codes and request ids only; shown to operators alone."
        />
        <OperationsOverview />
        <RefreshHistoryChart />
        <RecentFailures />
      </div>
    </HydrateClient>
  );
}
