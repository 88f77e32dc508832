import { notFound } from "next/navigation";
import { Suspense } from "react";
import { z } from "zod";

import { AccountDetail } from "@/components/accounts/account-detail";
import { ConnectNotice } from "@/components/accounts/connect-notice";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const metadata = { title: "Account" };

export default async function AccountPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<{ connect?: string }>;
}) {
  const { accountId } = await params;
  const { connect } = await searchParams;
  if (!z.uuid().safeParse(accountId).success) notFound();
  try {
    await getQueryClient().fetchQuery(trpc.accounts.get.queryOptions({ accountId }));
  } catch {
    notFound();
  }
  return (
    <HydrateClient>
      <div className="flex flex-col gap-6">
        <ConnectNotice connect={connect} />
        <Suspense fallback={<p className="text-sm text-zinc-500">Loading account…</p>}>
          <AccountDetail accountId={accountId} />
        </Suspense>
      </div>
    </HydrateClient>
  );
}
