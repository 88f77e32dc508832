import { ChevronLeft } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { z } from "zod";

import { AccountDetail } from "@/components/accounts/account-detail";
import { AccountSkeleton } from "@/components/accounts/account-skeleton";
import { connectOutcome } from "@/components/accounts/connect-outcome";
import { ConnectOutcomeToast } from "@/components/accounts/connect-outcome-toast";
import { ACCOUNT_ACTIVITY_LIMIT, HEALTH_DAYS } from "@/components/accounts/query-inputs";
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
  // Awaited, not streamed: a query still pending when the page renders on the
  // server would be fetched again there by the browser's tRPC client, which has
  // no server URL (Next then falls back to client rendering).
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(
      trpc.activity.refreshHealth.queryOptions({ accountId, days: HEALTH_DAYS }),
    ),
    queryClient.prefetchQuery(
      trpc.activity.list.queryOptions({ accountId, limit: ACCOUNT_ACTIVITY_LIMIT }),
    ),
  ]);
  return (
    <HydrateClient>
      <div className="flex flex-col gap-4">
        <Link
          href="/accounts"
          className="flex w-fit items-center gap-1 rounded-sm text-sm text-muted-foreground hover:text-foreground"
        >
          <ChevronLeft aria-hidden="true" className="size-4" />
          All accounts
        </Link>
        <ConnectOutcomeToast outcome={connectOutcome({ connect })} />
        <Suspense fallback={<AccountSkeleton />}>
          <AccountDetail accountId={accountId} />
        </Suspense>
      </div>
    </HydrateClient>
  );
}
