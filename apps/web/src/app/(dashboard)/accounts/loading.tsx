import { AccountsSkeleton } from "@/components/accounts/accounts-skeleton";
import { PageHeader } from "@/components/shell/page-header";

export default function Loading() {
  return (
    <div className="flex flex-col gap-8">
      <PageHeader title="Amazon Ads accounts" description="Loading your accounts…" />
      <AccountsSkeleton />
    </div>
  );
}
