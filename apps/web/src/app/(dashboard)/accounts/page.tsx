import { Suspense } from "react";

import { AccountsList } from "@/components/accounts/accounts-list";
import { ConnectAccountForm } from "@/components/accounts/connect-account-form";
import { ConnectNotice } from "@/components/accounts/connect-notice";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export const metadata = { title: "Accounts" };

export default async function AccountsPage({
  searchParams,
}: {
  searchParams: Promise<{ connect?: string; reason?: string; request_id?: string }>;
}) {
  const params = await searchParams;
  prefetch(trpc.accounts.list.queryOptions());
  return (
    <HydrateClient>
      <div className="flex flex-col gap-8">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">Amazon Ads accounts</h1>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">Each connected account&apos;s health and reach.</p>
          </div>
          <ConnectAccountForm />
        </div>
        <ConnectNotice connect={params.connect} reason={params.reason} requestId={params.request_id} />
        <Suspense fallback={<p className="text-sm text-zinc-500">Loading accounts…</p>}>
          <AccountsList />
        </Suspense>
      </div>
    </HydrateClient>
  );
}
