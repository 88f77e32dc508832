import { Alert, AlertDescription, AlertTitle } from "@adsconnect/ui/alert";
import { Info } from "lucide-react";

import type { CurrentWorkspace } from "@/server/current-workspace";

/** Why the members list is read-only for this person, and what to do instead. */
export function MembersNote({ workspace }: { workspace: CurrentWorkspace }) {
  const [title, text] =
    workspace.kind === "personal"
      ? [
          "Your personal workspace is yours alone",
          "To share Amazon accounts with others, create a workspace (New workspace, in the workspace switcher) and add them there.",
        ]
      : workspace.kind === "organization"
        ? [
            "Members are managed in Clerk",
            `Invite, remove or change the roles of ${workspace.name}'s members in the organization's settings (the organization switcher); adsconnect follows.`,
          ]
        : [
            "Only admins manage members",
            `You are a member of ${workspace.name}. Ask one of its admins to add or remove people, or to make you an admin.`,
          ];
  return (
    <Alert>
      <Info aria-hidden="true" />
      <AlertTitle>{title}</AlertTitle>
      <AlertDescription>{text}</AlertDescription>
    </Alert>
  );
}
