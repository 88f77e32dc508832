/**
 * Makes `workspaceId` the browser's workspace (local sign-in: the route checks membership and
 * sets the workspace cookie), then loads the accounts page afresh: every page and query now
 * reads the new workspace. Resolves with the refusal's message when the route says no.
 */
export async function switchWorkspace(workspaceId: string): Promise<string | null> {
  const form = new FormData();
  form.set("workspaceId", workspaceId);
  const response = await fetch("/api/workspaces/switch", { method: "POST", body: form });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as {
      error?: { message?: string };
    } | null;
    return body?.error?.message ?? "Could not switch workspaces; try again.";
  }
  window.location.assign("/accounts");
  return null;
}
