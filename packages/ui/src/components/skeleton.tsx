import type * as React from "react";

import { cn } from "../cn";

/** A placeholder shaped like the content that is loading; hidden from screen readers (announce loading elsewhere). */
export function Skeleton({ className, ...props }: React.ComponentProps<"div">) {
  return (
    <div
      data-slot="skeleton"
      aria-hidden="true"
      className={cn("animate-pulse rounded-md bg-muted", className)}
      {...props}
    />
  );
}
