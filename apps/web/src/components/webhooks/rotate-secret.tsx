"use client";

import {
  AlertDialogAction,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@adsconnect/ui/alert-dialog";
import { Button } from "@adsconnect/ui/button";
import { ConfirmActionDialog } from "@adsconnect/ui/confirm-action-dialog";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { RotateCw } from "lucide-react";

import { formatDateTime } from "@/components/time/format";
import { useTRPC } from "@/trpc/react";

import { SecretReveal } from "./secret-reveal";

/**
 * Rotate the signing secret behind a confirmation that explains the overlap; then show the new
 * secret once, with when the previous one stops signing.
 */
export function RotateSecret({ endpointId }: { endpointId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rotate = useMutation(
    trpc.webhooks.rotateSecret.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() }),
    }),
  );
  return (
    <ConfirmActionDialog
      trigger={
        <Button variant="outline" className="self-start">
          <RotateCw aria-hidden="true" />
          Rotate secret
        </Button>
      }
      className="sm:max-w-xl"
      title="Rotate the signing secret?"
      description={
        <>
          adsconnect makes a new secret and shows it once. For a while both secrets sign every
          delivery (two signatures in <code className="font-mono text-xs">webhook-signature</code>
          ), so your app keeps verifying while you switch it over; then only the new one does.
        </>
      }
      cancelLabel="Keep the current secret"
      confirmLabel="Rotate secret"
      onConfirm={() => rotate.mutateAsync({ endpointId })}
      outcome={(rotated) => (
        <>
          <AlertDialogHeader>
            <AlertDialogTitle>New signing secret</AlertDialogTitle>
            <AlertDialogDescription>
              Deliveries are now signed with this secret and, until{" "}
              <strong data-overlap-end>{formatDateTime(rotated.previousSecretValidUntil)}</strong>,
              with the previous one too. Put the new one in your app before then.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <SecretReveal secret={rotated.secret} autoFocus />
          <AlertDialogFooter>
            <AlertDialogAction>I have saved it</AlertDialogAction>
          </AlertDialogFooter>
        </>
      )}
      // Closing forgets the new secret: it is never shown again.
      onOpenChange={(open) => {
        if (!open) rotate.reset();
      }}
    />
  );
}
