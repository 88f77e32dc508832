import { Suspense } from "react";

import { ApiKeysList } from "@/components/api-keys/api-keys-list";
import { ApiKeysSkeleton } from "@/components/api-keys/api-keys-skeleton";
import { CreateApiKey } from "@/components/api-keys/create-api-key";
import { PageHeader } from "@/components/shell/page-header";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  await getQueryClient().prefetchQuery(trpc.apiKeys.list.queryOptions());
  return (
    <HydrateClient>
      <div className="flex flex-col gap-8">
        <PageHeader
          title="API keys"
          description={
            <>
              Internal apps use a key to get fresh Amazon access tokens for your accounts through
              the typed client{" "}
              <code className="rounded bg-muted px-1 py-0.5 font-mono text-xs">
                @adsconnect/client
              </code>
              . A key acts for you alone.
            </>
          }
        />
        <CreateApiKey />
        <Suspense fallback={<ApiKeysSkeleton />}>
          <ApiKeysList />
        </Suspense>
      </div>
    </HydrateClient>
  );
}
