import { Badge } from "@adsconnect/ui/badge";
import { CircleCheck, CircleX } from "lucide-react";

/** Whether one delivery attempt worked (the receiver answered 2xx). */
export function AttemptOutcome({ succeeded }: { succeeded: boolean }) {
  return succeeded ? (
    <Badge variant="success" data-attempt-outcome="succeeded">
      <CircleCheck aria-hidden="true" />
      Delivered
    </Badge>
  ) : (
    <Badge variant="destructive" data-attempt-outcome="failed">
      <CircleX aria-hidden="true" />
      Failed
    </Badge>
  );
}
