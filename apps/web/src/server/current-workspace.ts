import "server-only";

import type { DashboardOutputs } from "@adsconnect/api/dashboard";
import { TRPCError } from "@trpc/server";

import { getQueryClient, trpc } from "@/trpc/server";

export type CurrentWorkspace = DashboardOutputs["workspaces"]["current"];

/**
 * The workspace this request acts in, or `{ refused }` with the reason when the person may not
 * act there (removed from the workspace picked in the switcher): the layout then shows the
 * reason and the switcher instead of the page.
 */
export async function currentWorkspace(): Promise<
  { workspace: CurrentWorkspace; refused?: never } | { workspace?: never; refused: string }
> {
  try {
    return {
      workspace: await getQueryClient().fetchQuery(trpc.workspaces.current.queryOptions()),
    };
  } catch (error) {
    if (error instanceof TRPCError && error.code === "FORBIDDEN") return { refused: error.message };
    throw error;
  }
}
