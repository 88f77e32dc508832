import { Suspense } from "react";

import { PageHeader } from "@/components/shell/page-header";
import { AddMemberForm } from "@/components/workspaces/add-member-form";
import { MembersList } from "@/components/workspaces/members-list";
import { MembersNote } from "@/components/workspaces/members-note";
import { MembersSkeleton } from "@/components/workspaces/members-skeleton";
import { workspaceLabel } from "@/components/workspaces/workspace-label";
import { currentWorkspace } from "@/server/current-workspace";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const metadata = { title: "Members" };

/**
 * Who is in the current workspace. Admins of a local workspace add people by email, change
 * roles and remove people; everyone else reads the list, with a note saying why.
 */
export default async function MembersPage() {
  const { workspace } = await currentWorkspace();
  // The layout shows why instead of the page.
  if (!workspace) return null;
  void getQueryClient().prefetchQuery(trpc.workspaces.members.queryOptions());
  return (
    <HydrateClient>
      <div className="flex flex-col gap-8">
        <PageHeader
          title="Members"
          description={`Who shares ${workspace.kind === "personal" ? "your personal workspace" : workspace.name}: its Amazon accounts, API keys and activity. Admins connect and disconnect accounts, manage keys and members; members see everything and reconnect an account that needs it.`}
        />
        {workspace.canManageMembers ? <AddMemberForm /> : <MembersNote workspace={workspace} />}
        <Suspense fallback={<MembersSkeleton />}>
          <MembersList
            canManage={workspace.canManageMembers}
            workspaceName={workspaceLabel(workspace)}
          />
        </Suspense>
      </div>
    </HydrateClient>
  );
}
