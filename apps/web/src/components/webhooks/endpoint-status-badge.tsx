import { Badge } from "@adsconnect/ui/badge";
import { CircleCheck, CircleOff } from "lucide-react";

export type EndpointStatus = "active" | "disabled";

/** An endpoint's status; `data-endpoint-status` lets tests and styles find it. */
export function EndpointStatusBadge({ status }: { status: EndpointStatus }) {
  return status === "active" ? (
    <Badge variant="success" data-endpoint-status="active">
      <CircleCheck aria-hidden="true" />
      Active
    </Badge>
  ) : (
    <Badge variant="destructive" data-endpoint-status="disabled">
      <CircleOff aria-hidden="true" />
      Disabled
    </Badge>
  );
}
