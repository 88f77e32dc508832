import type { DashboardOutputs } from "@adsconnect/api/dashboard";
import { cn } from "@adsconnect/ui/cn";
import Link from "next/link";

import { RelativeTime } from "@/components/time/times";

import { ACTIVITY_META, describeActivity, TONE_CLASSES } from "./activity-meta";

export type ActivityEvent = DashboardOutputs["activity"]["list"]["items"][number];

/** Who did it: a person of the workspace, or adsconnect itself (the worker's refreshes and syncs). */
export function actorLabel(actor: ActivityEvent["actor"]): string {
  return actor ? (actor.name ?? actor.email) : "adsconnect";
}

/** One event of the audit trail: what, which account, who, when. */
export function ActivityItem({
  event,
  showAccount = true,
}: {
  event: ActivityEvent;
  showAccount?: boolean;
}) {
  const meta = ACTIVITY_META[event.type];
  const description = describeActivity(event.type, event.details);
  return (
    <li className="group relative flex gap-3 pb-5 last:pb-0" data-activity-type={event.type}>
      <span
        aria-hidden="true"
        className="absolute top-8 bottom-0 left-4 w-px bg-border group-last:hidden"
      />
      <span
        aria-hidden="true"
        className={cn(
          "relative grid size-8 shrink-0 place-items-center rounded-full",
          TONE_CLASSES[meta.tone],
        )}
      >
        <meta.Icon className="size-4" />
      </span>
      <div className="flex min-w-0 flex-1 flex-col gap-0.5 pt-1">
        <div className="flex flex-wrap items-baseline justify-between gap-x-3">
          <p className="text-sm font-medium">
            {meta.label}
            {showAccount && event.accountName && event.accountId ? (
              <>
                <span className="font-normal text-muted-foreground"> · </span>
                <Link
                  href={`/accounts/${event.accountId}`}
                  className="font-normal text-muted-foreground underline-offset-4 hover:text-foreground hover:underline"
                >
                  {event.accountName}
                </Link>
              </>
            ) : null}
          </p>
          <span className="text-xs text-muted-foreground">
            <RelativeTime date={event.createdAt} />
          </span>
        </div>
        {description ? (
          <p className="text-sm break-words text-muted-foreground">{description}</p>
        ) : null}
        <p className="text-xs text-muted-foreground" data-activity-actor>
          by {actorLabel(event.actor)}
        </p>
      </div>
    </li>
  );
}
