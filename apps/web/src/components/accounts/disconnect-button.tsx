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
import { Loader2, Unplug } from "lucide-react";
import { useState } from "react";

import { useTRPC } from "@/trpc/react";

/** Disconnect, behind a confirmation that says exactly what is erased and what stays. */
export function DisconnectButton({
  accountId,
  accountName,
  profileCount,
}: {
  accountId: string;
  accountName: string;
  profileCount: number;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const disconnect = useMutation(
    trpc.accounts.disconnect.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        toast.success(`${accountName} disconnected`, {
          description: "Its tokens were erased. Its history stays here.",
        });
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.accounts.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.activity.pathKey() }),
        ]);
      },
      onError: (error) => toast.error("Could not disconnect", { description: error.message }),
    }),
  );
  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button variant="outline" className="text-destructive hover:text-destructive">
          <Unplug aria-hidden="true" />
          Disconnect
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Disconnect {accountName}?</AlertDialogTitle>
          <AlertDialogDescription asChild>
            <div className="flex flex-col gap-2 text-sm text-muted-foreground">
              <p>This erases, at once and for good:</p>
              <ul className="list-disc pl-5 text-foreground">
                <li>its Amazon access and refresh tokens (nothing is left to decrypt);</li>
                <li>
                  the access of every internal app that gets tokens for it through an API key.
                </li>
              </ul>
              <p>
                Its {profileCount} {profileCount === 1 ? "profile" : "profiles"}, DSP advertisers
                and activity history stay, marked disconnected, until they are deleted after a
                retention period (30 days unless configured otherwise). Reconnect before then to
                keep them. To also remove adsconnect at Amazon, remove it under Login with Amazon in
                your Amazon account settings.
              </p>
            </div>
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Keep connected</AlertDialogCancel>
          <AlertDialogAction
            variant="destructive"
            disabled={disconnect.isPending}
            onClick={(event) => {
              // Stay open until the server has answered.
              event.preventDefault();
              disconnect.mutate({ accountId });
            }}
          >
            {disconnect.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : null}
            {disconnect.isPending ? "Disconnecting…" : "Erase tokens and disconnect"}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
