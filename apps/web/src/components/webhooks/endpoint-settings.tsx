"use client";

import { Button } from "@adsconnect/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@adsconnect/ui/card";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Loader2, Save } from "lucide-react";
import { useState } from "react";

import { formatDateTime } from "@/components/time/format";
import { useTRPC } from "@/trpc/react";

import { EndpointFields, type EndpointDraft } from "./endpoint-fields";
import { describeEventTypes, type WebhookEventType } from "./event-types";

interface EndpointSettingsValue {
  id: string;
  url: string;
  description: string | null;
  eventTypes: readonly string[];
  createdAt: Date | string;
}

/** The endpoint's URL, description and events: a form for admins, a plain list for members. */
export function EndpointSettings({
  endpoint,
  canManage,
}: {
  endpoint: EndpointSettingsValue;
  canManage: boolean;
}) {
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle className="text-base">Settings</CardTitle>
        <CardDescription>
          Added {formatDateTime(endpoint.createdAt)}.
          {canManage ? null : " Only an admin of this workspace can change them."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {canManage ? (
          <SettingsForm endpoint={endpoint} />
        ) : (
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-muted-foreground">URL</dt>
            <dd className="font-mono text-xs break-all">{endpoint.url}</dd>
            <dt className="text-muted-foreground">Description</dt>
            <dd>{endpoint.description || "None"}</dd>
            <dt className="text-muted-foreground">Events</dt>
            <dd>{describeEventTypes(endpoint.eventTypes)}</dd>
          </dl>
        )}
      </CardContent>
    </Card>
  );
}

function SettingsForm({ endpoint }: { endpoint: EndpointSettingsValue }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<EndpointDraft>({
    url: endpoint.url,
    description: endpoint.description ?? "",
    eventTypes: endpoint.eventTypes as WebhookEventType[],
  });
  const update = useMutation(
    trpc.webhooks.updateEndpoint.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() }),
    }),
  );
  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({
          endpointId: endpoint.id,
          url: draft.url.trim(),
          description: draft.description.trim(),
          eventTypes: draft.eventTypes,
        });
      }}
    >
      <EndpointFields
        idPrefix="endpoint-settings"
        draft={draft}
        onChange={(next) => {
          setDraft(next);
          update.reset();
        }}
        errorId={update.isError ? "endpoint-settings-result" : undefined}
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? (
            <Loader2 aria-hidden="true" className="animate-spin" />
          ) : (
            <Save aria-hidden="true" />
          )}
          Save changes
        </Button>
        <p
          id="endpoint-settings-result"
          role="status"
          aria-live="polite"
          className={update.isError ? "text-sm text-destructive" : "text-sm text-muted-foreground"}
        >
          {update.isSuccess ? "Saved." : update.isError ? update.error.message : null}
        </p>
      </div>
    </form>
  );
}
