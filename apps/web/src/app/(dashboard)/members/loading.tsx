import { PageHeader } from "@/components/shell/page-header";
import { MembersSkeleton } from "@/components/workspaces/members-skeleton";

export default function Loading() {
  return (
    <div className="flex flex-col gap-8">
      <PageHeader title="Members" description="Loading the workspace's members…" />
      <MembersSkeleton />
    </div>
  );
}
