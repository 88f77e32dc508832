"use client";

import { Button } from "@adsconnect/ui/button";
import { toast } from "@adsconnect/ui/toast";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Loader2, RotateCcw } from "lucide-react";

import { useTRPC } from "@/trpc/react";

/** Deliver a message again (its event, same `webhook-id`, freshly signed); the result is toasted. */
export function ReplayButton({
  messageId,
  eventType,
  onReplayed,
}: {
  messageId: string;
  eventType: string;
  onReplayed: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const replay = useMutation(
    trpc.webhooks.replayMessage.mutationOptions({
      onSuccess: async () => {
        onReplayed();
        toast.success("Replay queued", {
          description: `${eventType}: the new attempt shows in the log.`,
        });
        await queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
      },
      onError: (error) => toast.error("Could not replay", { description: error.message }),
    }),
  );
  return (
    <Button
      variant="ghost"
      size="sm"
      disabled={replay.isPending}
      aria-label={`Replay ${eventType}`}
      onClick={() => replay.mutate({ messageId })}
    >
      {replay.isPending ? (
        <Loader2 aria-hidden="true" className="animate-spin" />
      ) : (
        <RotateCcw aria-hidden="true" />
      )}
      Replay
    </Button>
  );
}
