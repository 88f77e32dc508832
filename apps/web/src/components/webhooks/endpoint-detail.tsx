"use client";

import { cn } from "@adsconnect/ui/cn";
import { useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";

import { useTRPC } from "@/trpc/react";

import { AttemptsLog } from "./attempts-log";
import { DeleteEndpoint } from "./delete-endpoint";
import { DisabledBanner } from "./disabled-banner";
import { EndpointSettings } from "./endpoint-settings";
import { EndpointStatusBadge } from "./endpoint-status-badge";
import { EnableToggle } from "./enable-toggle";
import { DELIVERY_POLL_MS, DELIVERY_POLL_WINDOW_MS } from "./query-inputs";
import { RotateSecret } from "./rotate-secret";
import { SendTestEvent } from "./send-test-event";
import { SigningSecret } from "./signing-secret";

/**
 * One endpoint: its status (and why it is disabled), its settings, its secret's rotation, a test
 * event, and the log of delivery attempts. `canManage`: the person is an admin of the workspace;
 * members see the same page read-only, with no buttons.
 */
export function EndpointDetail({
  endpointId,
  canManage,
}: {
  endpointId: string;
  canManage: boolean;
}) {
  const trpc = useTRPC();
  // A delivery was just queued (test event, replay): the log and the status poll until this time
  // (a failing endpoint may be disabled meanwhile).
  const [watchUntil, setWatchUntil] = useState(0);
  const { data: endpoint } = useSuspenseQuery({
    ...trpc.webhooks.getEndpoint.queryOptions({ endpointId }),
    refetchInterval: () => (Date.now() < watchUntil ? DELIVERY_POLL_MS : false),
  });
  const watch = () => setWatchUntil(Date.now() + DELIVERY_POLL_WINDOW_MS);
  // What the last action here did, for the live region under the header.
  const [announcement, announce] = useState({ text: "", error: false });
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <header className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
          <div className="flex min-w-0 flex-col gap-1.5">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <h1 className="text-2xl font-semibold tracking-tight break-words">
                {endpoint.description || "Webhook endpoint"}
              </h1>
              <EndpointStatusBadge status={endpoint.status} />
            </div>
            <p className="font-mono text-xs break-all text-muted-foreground">{endpoint.url}</p>
          </div>
          {canManage ? (
            <div className="flex flex-wrap gap-2">
              <SendTestEvent endpointId={endpoint.id} onQueued={watch} announce={announce} />
              <EnableToggle endpoint={endpoint} />
              <DeleteEndpoint endpointId={endpoint.id} url={endpoint.url} />
            </div>
          ) : null}
        </header>
        {/* Always in the page (empty until an action), so screen readers hear what is put in it. */}
        <p
          role="status"
          aria-live="polite"
          className={cn(
            "text-sm sm:text-right",
            announcement.error ? "text-destructive" : "text-muted-foreground",
          )}
        >
          {announcement.text}
        </p>
      </div>
      {endpoint.status === "disabled" ? (
        <DisabledBanner
          url={endpoint.url}
          reason={endpoint.disabledReason}
          failingSince={endpoint.failingSince}
          canManage={canManage}
        />
      ) : null}
      <div className="grid items-start gap-6 lg:grid-cols-2">
        <EndpointSettings endpoint={endpoint} canManage={canManage} />
        <SigningSecret
          previousSecretExpiresAt={endpoint.previousSecretExpiresAt}
          action={canManage ? <RotateSecret endpointId={endpoint.id} /> : null}
        />
      </div>
      <AttemptsLog
        endpointId={endpoint.id}
        canManage={canManage}
        watchUntil={watchUntil}
        onReplayed={watch}
      />
    </div>
  );
}
