import { Suspense } from "react";

import { PageHeader } from "@/components/shell/page-header";
import { AddEndpointDialog } from "@/components/webhooks/add-endpoint-dialog";
import { EndpointsList } from "@/components/webhooks/endpoints-list";
import { EndpointsSkeleton } from "@/components/webhooks/endpoints-skeleton";
import { getQueryClient, getWorkspaceAccess, HydrateClient, trpc } from "@/trpc/server";

export const metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const [access] = await Promise.all([
    getWorkspaceAccess(),
    getQueryClient().prefetchQuery(trpc.webhooks.listEndpoints.queryOptions()),
  ]);
  const canManage = access.role === "admin";
  return (
    <HydrateClient>
      <div className="flex flex-col gap-8">
        <PageHeader
          title="Webhooks"
          description={
            <>
              adsconnect POSTs a signed event to each endpoint when an account of this workspace (
              {access.name}) changes, so internal apps learn of it at once. Verify deliveries with{" "}
              <code className="rounded bg-muted px-1 py-0.5 font-mono text-xs">verifyWebhook</code>{" "}
              from{" "}
              <code className="rounded bg-muted px-1 py-0.5 font-mono text-xs">
                @adsconnect/client
              </code>
              .{canManage ? null : " Only an admin of this workspace can change endpoints."}
            </>
          }
          actions={canManage ? <AddEndpointDialog /> : null}
        />
        <Suspense fallback={<EndpointsSkeleton />}>
          <EndpointsList canManage={canManage} />
        </Suspense>
      </div>
    </HydrateClient>
  );
}
