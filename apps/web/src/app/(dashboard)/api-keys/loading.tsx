import { ApiKeysSkeleton } from "@/components/api-keys/api-keys-skeleton";
import { PageHeader } from "@/components/shell/page-header";

export default function Loading() {
  return (
    <div className="flex flex-col gap-8">
      <PageHeader title="API keys" description="Loading your keys…" />
      <ApiKeysSkeleton />
    </div>
  );
}
