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
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Loader2, RotateCw } from "lucide-react";
import { useState } from "react";

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
  const [open, setOpen] = useState(false);
  const rotate = useMutation(
    trpc.webhooks.rotateSecret.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() }),
    }),
  );
  const rotated = rotate.data;
  function onOpenChange(next: boolean) {
    setOpen(next);
    // Closing forgets the new secret: it is never shown again.
    if (!next) rotate.reset();
  }
  return (
    <AlertDialog open={open} onOpenChange={onOpenChange}>
      <AlertDialogTrigger asChild>
        <Button variant="outline" className="self-start">
          <RotateCw aria-hidden="true" />
          Rotate secret
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent className="sm:max-w-xl">
        {rotated ? (
          <>
            <AlertDialogHeader>
              <AlertDialogTitle>New signing secret</AlertDialogTitle>
              <AlertDialogDescription>
                Deliveries are now signed with this secret and, until{" "}
                <strong data-overlap-end>{formatDateTime(rotated.previousSecretValidUntil)}</strong>
                , with the previous one too. Put the new one in your app before then.
              </AlertDialogDescription>
            </AlertDialogHeader>
            <SecretReveal secret={rotated.secret} autoFocus />
            <AlertDialogFooter>
              <AlertDialogAction onClick={() => onOpenChange(false)}>
                I have saved it
              </AlertDialogAction>
            </AlertDialogFooter>
          </>
        ) : (
          <>
            <AlertDialogHeader>
              <AlertDialogTitle>Rotate the signing secret?</AlertDialogTitle>
              <AlertDialogDescription>
                adsconnect makes a new secret and shows it once. For a while both secrets sign every
                delivery (two signatures in{" "}
                <code className="font-mono text-xs">webhook-signature</code>), so your app keeps
                verifying while you switch it over; then only the new one does.
              </AlertDialogDescription>
            </AlertDialogHeader>
            {rotate.error ? (
              <p role="alert" className="text-sm text-destructive">
                {rotate.error.message}
              </p>
            ) : null}
            <AlertDialogFooter>
              <AlertDialogCancel>Keep the current secret</AlertDialogCancel>
              <AlertDialogAction
                disabled={rotate.isPending}
                onClick={(event) => {
                  // Stay open: the new secret shows here.
                  event.preventDefault();
                  rotate.mutate({ endpointId });
                }}
              >
                {rotate.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : null}
                Rotate secret
              </AlertDialogAction>
            </AlertDialogFooter>
          </>
        )}
      </AlertDialogContent>
    </AlertDialog>
  );
}
