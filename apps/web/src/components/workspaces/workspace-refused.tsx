import { Alert, AlertDescription, AlertTitle } from "@adsconnect/ui/alert";
import { CircleAlert } from "lucide-react";

/** In place of a page, when the person may no longer act in the workspace they had picked. */
export function WorkspaceRefused({ reason }: { reason: string }) {
  return (
    <div className="mx-auto flex max-w-lg flex-col gap-4 py-10">
      <Alert variant="destructive">
        <CircleAlert aria-hidden="true" />
        <AlertTitle>No access to this workspace</AlertTitle>
        <AlertDescription>{reason}</AlertDescription>
      </Alert>
    </div>
  );
}
