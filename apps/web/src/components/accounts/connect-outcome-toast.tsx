"use client";

import { toast } from "@adsconnect/ui/toast";
import { usePathname, useRouter } from "next/navigation";
import { useEffect } from "react";

import type { ConnectOutcome } from "./connect-outcome";

/**
 * Shows how the connection went as a toast on the page Amazon sent the person
 * back to, then drops the outcome from the address so a reload does not repeat it.
 */
export function ConnectOutcomeToast({ outcome }: { outcome: ConnectOutcome | null }) {
  const router = useRouter();
  const pathname = usePathname();
  useEffect(() => {
    if (!outcome) return;
    const options = {
      id: "connect-outcome",
      ...(outcome.description ? { description: outcome.description } : {}),
    };
    if (outcome.kind === "success") toast.success(outcome.title, options);
    else if (outcome.kind === "info") toast.info(outcome.title, options);
    else toast.error(outcome.title, { ...options, duration: 20_000 });
    router.replace(pathname, { scroll: false });
  }, [outcome, pathname, router]);
  return null;
}
