"use client";

import { DELETE_MY_DATA_CONFIRMATION } from "@adsconnect/api/messages";
import { Button } from "@adsconnect/ui/button";
import { ConfirmActionDialog } from "@adsconnect/ui/confirm-action-dialog";
import { useClerk } from "@clerk/nextjs";
import { useMutation } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";

import { useTRPC } from "@/trpc/react";

/** Where the person lands once their data is gone: signed out, told so. */
export const AFTER_DELETION_URL = "/sign-in?deleted=1";

/**
 * "Delete my data", behind a confirmation the person must type. On success the data is gone
 * and the session is over (the server treats it as signed out from then on); `signOut`
 * clears it in the browser too and lands on the sign-in page.
 */
function DeleteMyData({ signOut }: { signOut: () => Promise<void> }) {
  const trpc = useTRPC();
  const erase = useMutation(trpc.me.deleteMyData.mutationOptions());
  return (
    <ConfirmActionDialog
      trigger={
        <Button variant="ghost" size="sm" className="text-muted-foreground hover:text-destructive">
          <Trash2 aria-hidden="true" />
          <span className="sr-only sm:not-sr-only">Delete my data</span>
        </Button>
      }
      title="Delete all your data?"
      description={
        <div className="flex flex-col gap-2">
          <p>This erases, at once and for good:</p>
          <ul className="list-disc pl-5 text-foreground">
            <li>every connected Amazon Ads account and its tokens;</li>
            <li>their advertising profiles and DSP advertisers;</li>
            <li>your API keys (internal apps using them are refused from now on);</li>
            <li>your activity history, and your name and email here.</li>
          </ul>
          <p>
            You will be signed out. Signing in again starts from an empty dashboard. To also remove
            adsconnect at Amazon, remove it under Login with Amazon in your Amazon account settings.
          </p>
        </div>
      }
      confirmationText={DELETE_MY_DATA_CONFIRMATION}
      cancelLabel="Keep my data"
      confirmLabel="Delete everything"
      pendingLabel="Deleting…"
      destructive
      onConfirm={async (typed) => {
        await erase.mutateAsync({ confirmation: typed });
        await signOut();
        // The page is leaving for the sign-in page: stay "Deleting…" until it has.
        await new Promise(() => {});
      }}
    />
  );
}

/** Local sign-in: the sign-out route clears the session cookies, then the sign-in page. */
export function LocalDeleteMyData() {
  return (
    <DeleteMyData
      signOut={async () => {
        await fetch("/api/local-auth/sign-out", { method: "POST", redirect: "manual" });
        window.location.assign(AFTER_DELETION_URL);
      }}
    />
  );
}

/** With Clerk (inside its provider): Clerk's own sign-out, then the sign-in page. */
export function ClerkDeleteMyData() {
  const clerk = useClerk();
  return (
    <DeleteMyData
      signOut={async () => {
        await clerk.signOut({ redirectUrl: AFTER_DELETION_URL });
      }}
    />
  );
}
