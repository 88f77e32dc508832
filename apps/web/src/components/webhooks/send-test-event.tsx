"use client";

import { Button } from "@adsconnect/ui/button";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Loader2, Send } from "lucide-react";

import { useTRPC } from "@/trpc/react";

/**
 * "Send test event": queues a signed `webhook.test` event for this endpoint alone; the worker
 * delivers it like any other and the attempts log shows how it went. `announce` tells the page's
 * live region what happened.
 */
export function SendTestEvent({
  endpointId,
  onQueued,
  announce,
}: {
  endpointId: string;
  onQueued: () => void;
  announce: (message: { text: string; error: boolean }) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const send = useMutation(
    trpc.webhooks.sendTestEvent.mutationOptions({
      onMutate: () => announce({ text: "", error: false }),
      onSuccess: async () => {
        onQueued();
        announce({
          text: "Test event queued: its delivery shows in the attempts log below.",
          error: false,
        });
        await queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
      },
      onError: (error) =>
        announce({ text: `Could not send a test event: ${error.message}`, error: true }),
    }),
  );
  return (
    <Button disabled={send.isPending} onClick={() => send.mutate({ endpointId })}>
      {send.isPending ? (
        <Loader2 aria-hidden="true" className="animate-spin" />
      ) : (
        <Send aria-hidden="true" />
      )}
      Send test event
    </Button>
  );
}
