import { getQueryClient, trpc } from "@/trpc/server";

import { WorkspaceSwitcher } from "./workspace-switcher";

/** The header's workspace switcher under local sign-in, with the person's workspaces. */
export async function LocalWorkspaceSwitcher({ currentId }: { currentId: string | null }) {
  const workspaces = await getQueryClient().fetchQuery(trpc.workspaces.list.queryOptions());
  return <WorkspaceSwitcher workspaces={workspaces} currentId={currentId} />;
}
