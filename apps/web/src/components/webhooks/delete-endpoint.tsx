"use client";

import { Button } from "@adsconnect/ui/button";
import { ConfirmActionDialog } from "@adsconnect/ui/confirm-action-dialog";
import { toast } from "@adsconnect/ui/toast";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";

import { useTRPC } from "@/trpc/react";

/** Delete the endpoint behind a confirmation; then back to the list. */
export function DeleteEndpoint({ endpointId, url }: { endpointId: string; url: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const remove = useMutation(
    trpc.webhooks.deleteEndpoint.mutationOptions({
      onSuccess: async () => {
        toast.success("Endpoint deleted", { description: url });
        router.push("/webhooks");
        await queryClient.invalidateQueries({ queryKey: trpc.webhooks.listEndpoints.queryKey() });
      },
    }),
  );
  return (
    <ConfirmActionDialog
      trigger={
        <Button variant="outline" className="text-destructive hover:text-destructive">
          <Trash2 aria-hidden="true" />
          Delete endpoint
        </Button>
      }
      title="Delete this endpoint?"
      description={
        <>
          <span className="font-mono text-xs break-all">{url}</span> stops receiving events at once,
          including deliveries still waiting for a retry, and its attempts log goes with it. This
          cannot be undone.
        </>
      }
      cancelLabel="Keep it"
      confirmLabel="Delete endpoint"
      destructive
      onConfirm={() => remove.mutateAsync({ endpointId })}
    />
  );
}
