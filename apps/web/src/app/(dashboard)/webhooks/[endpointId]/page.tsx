import { ChevronLeft } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { z } from "zod";

import { EndpointDetail } from "@/components/webhooks/endpoint-detail";
import { EndpointsSkeleton } from "@/components/webhooks/endpoints-skeleton";
import { attemptsQueryOptions } from "@/components/webhooks/query-inputs";
import { getQueryClient, getWorkspaceAccess, HydrateClient, trpc } from "@/trpc/server";

export const metadata = { title: "Webhook endpoint" };

export default async function EndpointPage({
  params,
}: {
  params: Promise<{ endpointId: string }>;
}) {
  const { endpointId } = await params;
  if (!z.uuid().safeParse(endpointId).success) notFound();
  const queryClient = getQueryClient();
  try {
    await queryClient.fetchQuery(trpc.webhooks.getEndpoint.queryOptions({ endpointId }));
  } catch {
    // Another workspace's endpoint is NOT_FOUND, exactly like none at all.
    notFound();
  }
  // Awaited, not streamed (see the account page): the browser's client could not fetch it during SSR.
  const [access] = await Promise.all([
    getWorkspaceAccess(),
    queryClient.prefetchInfiniteQuery(
      trpc.webhooks.listAttempts.infiniteQueryOptions({ endpointId }, attemptsQueryOptions),
    ),
  ]);
  return (
    <HydrateClient>
      <div className="flex flex-col gap-4">
        <Link
          href="/webhooks"
          className="flex w-fit items-center gap-1 rounded-sm text-sm text-muted-foreground hover:text-foreground"
        >
          <ChevronLeft aria-hidden="true" className="size-4" />
          All endpoints
        </Link>
        <Suspense fallback={<EndpointsSkeleton label="Loading the endpoint" />}>
          <EndpointDetail endpointId={endpointId} canManage={access.role === "admin"} />
        </Suspense>
      </div>
    </HydrateClient>
  );
}
