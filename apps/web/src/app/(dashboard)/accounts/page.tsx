import { Suspense } from "react";

import { AccountsList } from "@/components/accounts/accounts-list";
import { AccountsSkeleton } from "@/components/accounts/accounts-skeleton";
import { ConnectDialog } from "@/components/accounts/connect-dialog";
import { connectOutcome } from "@/components/accounts/connect-outcome";
import { ConnectOutcomeToast } from "@/components/accounts/connect-outcome-toast";
import { PageHeader } from "@/components/shell/page-header";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const metadata = { title: "Accounts" };

export default async function AccountsPage({
  searchParams,
}: {
  searchParams: Promise<{ connect?: string; reason?: string; request_id?: string }>;
}) {
  const params = await searchParams;
  // Awaited, and this route has no loading.tsx: the list is in the page's first paint instead of
  // a skeleton revealed into later (bench/dashboard: about a third sooner with 200 accounts).
  // Client navigations here show a pending dot on the nav link meanwhile.
  await getQueryClient().prefetchQuery(trpc.accounts.list.queryOptions());
  return (
    <HydrateClient>
      <div className="flex flex-col gap-8">
        <PageHeader
          title="Amazon Ads accounts"
          description="Every connected account's health and reach. Tokens refresh on their own; act only on what needs you."
          actions={<ConnectDialog />}
        />
        <ConnectOutcomeToast
          outcome={connectOutcome({
            connect: params.connect,
            reason: params.reason,
            requestId: params.request_id,
          })}
        />
        <Suspense fallback={<AccountsSkeleton />}>
          <AccountsList />
        </Suspense>
      </div>
    </HydrateClient>
  );
}
