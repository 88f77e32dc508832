import { OperationsSkeleton } from "@/components/operations/operations-skeleton";
import { PageHeader } from "@/components/shell/page-header";

export default function Loading() {
  return (
    <div className="flex flex-col gap-8">
      <PageHeader title="Operations" description="Reading the system's state…" />
      <OperationsSkeleton />
    </div>
  );
}
