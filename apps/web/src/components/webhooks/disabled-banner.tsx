import { Alert, AlertDescription, AlertTitle } from "@adsconnect/ui/alert";
import { CircleOff } from "lucide-react";

import { RelativeTime } from "@/components/time/times";

/**
 * Why an endpoint stopped receiving events (it failed for the whole retry schedule, or an admin
 * turned it off), and what to do: admins are told how to turn it back on, members whom to ask.
 */
export function DisabledBanner({
  url,
  reason,
  failingSince,
  canManage,
  action,
}: {
  url: string;
  reason: string | null;
  failingSince: Date | string | null;
  canManage: boolean;
  action?: React.ReactNode;
}) {
  return (
    <Alert variant="destructive" data-disabled-endpoint={url}>
      <CircleOff aria-hidden="true" />
      <AlertTitle className="break-all">Disabled: {url}</AlertTitle>
      <AlertDescription>
        <p>{reason ?? "An admin turned this endpoint off."}</p>
        {failingSince ? (
          <p>
            Failing since <RelativeTime date={failingSince} />.
          </p>
        ) : null}
        <p>
          {canManage
            ? "Nothing is sent to it while it is disabled. Enable it once the receiver answers again: what it missed is sent then, in order."
            : "Nothing is sent to it while it is disabled. An admin of this workspace can enable it again."}
        </p>
        {action ? <div className="mt-2">{action}</div> : null}
      </AlertDescription>
    </Alert>
  );
}
