/** A person whose membership of the selected workspace ended (or never began). */
export function notAMemberMessage(): string {
  return "You are not a member of this workspace (anymore). Pick another one in the workspace switcher.";
}

/** Members are managed only in local workspaces; what to do instead, by kind. */
export function membersNotManagedHereMessage(kind: "personal" | "organization", name: string) {
  return kind === "personal"
    ? "Your personal workspace is yours alone. To share accounts, create a workspace (New workspace, in the workspace switcher) and add people there."
    : `Members of ${name} are managed in Clerk: invite, remove or change roles in the organization's settings, and adsconnect follows.`;
}

export function lastAdminMessage(name: string): string {
  return `${name} needs at least one admin. Make someone else an admin first.`;
}

export function noSuchMemberMessage(name: string): string {
  return `That person is not a member of ${name}. Reload the members list.`;
}

export function localWorkspacesOnlyMessage(): string {
  return "Workspaces are Clerk Organizations here: create one with Clerk's organization switcher.";
}
