import { ActivitySkeleton } from "@/components/activity/activity-skeleton";
import { PageHeader } from "@/components/shell/page-header";

export default function Loading() {
  return (
    <div className="flex flex-col gap-8">
      <PageHeader title="Activity" description="Loading your activity…" />
      <ActivitySkeleton />
    </div>
  );
}
