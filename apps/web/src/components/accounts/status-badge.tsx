import { Badge } from "@adsconnect/ui/badge";
import { CircleAlert, CircleCheck, CircleOff, RefreshCwOff } from "lucide-react";

import { STATUS_LABELS, type AccountStatus } from "./status";

const VARIANTS = {
  active: { variant: "success", Icon: CircleCheck },
  refresh_failing: { variant: "warning", Icon: RefreshCwOff },
  reauth_required: { variant: "destructive", Icon: CircleAlert },
  disconnected: { variant: "muted", Icon: CircleOff },
} as const;

export function StatusBadge({ status }: { status: AccountStatus }) {
  const { variant, Icon } = VARIANTS[status];
  return (
    <Badge variant={variant} data-status={status}>
      <Icon aria-hidden="true" />
      {STATUS_LABELS[status]}
    </Badge>
  );
}
