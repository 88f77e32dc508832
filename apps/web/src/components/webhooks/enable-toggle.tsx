"use client";

import { Button } from "@adsconnect/ui/button";
import { toast } from "@adsconnect/ui/toast";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CirclePause, CirclePlay, Loader2 } from "lucide-react";

import { useTRPC } from "@/trpc/react";

/** Disable an active endpoint (events stop being sent), or enable a disabled one again. */
export function EnableToggle({
  endpoint,
}: {
  endpoint: { id: string; status: "active" | "disabled" };
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const enable = endpoint.status === "disabled";
  const update = useMutation(
    trpc.webhooks.updateEndpoint.mutationOptions({
      onSuccess: async () => {
        toast.success(enable ? "Endpoint enabled" : "Endpoint disabled", {
          description: enable
            ? "New events are delivered to it from now on."
            : "No events are sent to it until you enable it again.",
        });
        await queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
      },
      onError: (error) =>
        toast.error(enable ? "Could not enable the endpoint" : "Could not disable the endpoint", {
          description: error.message,
        }),
    }),
  );
  return (
    <Button
      variant="outline"
      disabled={update.isPending}
      onClick={() => update.mutate({ endpointId: endpoint.id, enabled: enable })}
    >
      {update.isPending ? (
        <Loader2 aria-hidden="true" className="animate-spin" />
      ) : enable ? (
        <CirclePlay aria-hidden="true" />
      ) : (
        <CirclePause aria-hidden="true" />
      )}
      {enable ? "Enable" : "Disable"}
    </Button>
  );
}
