"use client";

import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@adsconnect/ui/alert-dialog";
import { Button } from "@adsconnect/ui/button";
import { toast } from "@adsconnect/ui/toast";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Loader2, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { useTRPC } from "@/trpc/react";

/** Delete the endpoint behind a confirmation; then back to the list. */
export function DeleteEndpoint({ endpointId, url }: { endpointId: string; url: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.webhooks.deleteEndpoint.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        toast.success("Endpoint deleted", { description: url });
        router.push("/webhooks");
        await queryClient.invalidateQueries({ queryKey: trpc.webhooks.listEndpoints.queryKey() });
      },
      onError: (error) =>
        toast.error("Could not delete the endpoint", { description: error.message }),
    }),
  );
  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button variant="outline" className="text-destructive hover:text-destructive">
          <Trash2 aria-hidden="true" />
          Delete endpoint
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete this endpoint?</AlertDialogTitle>
          <AlertDialogDescription>
            <span className="font-mono text-xs break-all">{url}</span> stops receiving events at
            once, including deliveries still waiting for a retry, and its attempts log goes with it.
            This cannot be undone.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Keep it</AlertDialogCancel>
          <AlertDialogAction
            variant="destructive"
            disabled={remove.isPending}
            onClick={(event) => {
              event.preventDefault();
              remove.mutate({ endpointId });
            }}
          >
            {remove.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : null}
            Delete endpoint
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
