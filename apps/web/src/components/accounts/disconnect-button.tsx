"use client";

import { Button } from "@adsconnect/ui/button";
import { ConfirmActionDialog } from "@adsconnect/ui/confirm-action-dialog";
import { toast } from "@adsconnect/ui/toast";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Unplug } from "lucide-react";

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
  const disconnect = useMutation(
    trpc.accounts.disconnect.mutationOptions({
      onSuccess: async () => {
        toast.success(`${accountName} disconnected`, {
          description: "Its tokens were erased. Its history stays here.",
        });
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.accounts.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.activity.pathKey() }),
        ]);
      },
    }),
  );
  return (
    <ConfirmActionDialog
      trigger={
        <Button variant="outline" className="text-destructive hover:text-destructive">
          <Unplug aria-hidden="true" />
          Disconnect
        </Button>
      }
      title={`Disconnect ${accountName}?`}
      description={
        <div className="flex flex-col gap-2">
          <p>This erases, at once and for good:</p>
          <ul className="list-disc pl-5 text-foreground">
            <li>its Amazon access and refresh tokens (nothing is left to decrypt);</li>
            <li>the access of every internal app that gets tokens for it through an API key.</li>
          </ul>
          <p>
            Its {profileCount} {profileCount === 1 ? "profile" : "profiles"}, DSP advertisers and
            activity history stay, marked disconnected, until they are deleted after a retention
            period (30 days unless configured otherwise). Reconnect before then to keep them. To
            also remove adsconnect at Amazon, remove it under Login with Amazon in your Amazon
            account settings.
          </p>
        </div>
      }
      cancelLabel="Keep connected"
      confirmLabel="Erase tokens and disconnect"
      pendingLabel="Disconnecting…"
      destructive
      onConfirm={() => disconnect.mutateAsync({ accountId })}
    />
  );
}
