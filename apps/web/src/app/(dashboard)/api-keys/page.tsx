import { Alert, AlertDescription, AlertTitle } from "@adsconnect/ui/alert";
import { Info } from "lucide-react";
import { Suspense } from "react";

import { ApiKeysList } from "@/components/api-keys/api-keys-list";
import { ApiKeysSkeleton } from "@/components/api-keys/api-keys-skeleton";
import { CreateApiKey } from "@/components/api-keys/create-api-key";
import { PageHeader } from "@/components/shell/page-header";
import { currentWorkspace } from "@/server/current-workspace";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const { workspace } = await currentWorkspace();
  await getQueryClient().prefetchQuery(trpc.apiKeys.list.queryOptions());
  return (
    <HydrateClient>
      <div className="flex flex-col gap-8">
        <PageHeader
          title="API keys"
          description={
            <>
              Internal apps use a key to get fresh Amazon access tokens for this workspace&apos;s
              accounts through the typed client{" "}
              <code className="rounded bg-muted px-1 py-0.5 font-mono text-xs">
                @adsconnect/client
              </code>
              . A key acts for the workspace, within what it was given; admins create and revoke
              them.
            </>
          }
        />
        {workspace?.role === "admin" ? (
          <CreateApiKey />
        ) : (
          <Alert>
            <Info aria-hidden="true" />
            <AlertTitle>Only admins create and revoke keys</AlertTitle>
            <AlertDescription>
              You can see {workspace?.name ?? "this workspace"}&apos;s keys. Ask one of its admins
              for a key, or to make you an admin.
            </AlertDescription>
          </Alert>
        )}
        <Suspense fallback={<ApiKeysSkeleton />}>
          <ApiKeysList />
        </Suspense>
      </div>
    </HydrateClient>
  );
}
