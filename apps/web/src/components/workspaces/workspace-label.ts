/** How a workspace is named in the dashboard: a personal workspace is "Personal". */
export function workspaceLabel(workspace: { kind: string; name: string }) {
  return workspace.kind === "personal" ? "Personal" : workspace.name;
}
