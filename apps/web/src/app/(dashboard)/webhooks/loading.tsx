import { PageHeader } from "@/components/shell/page-header";
import { EndpointsSkeleton } from "@/components/webhooks/endpoints-skeleton";

export default function Loading() {
  return (
    <div className="flex flex-col gap-8">
      <PageHeader title="Webhooks" description="Loading your endpoints…" />
      <EndpointsSkeleton />
    </div>
  );
}
