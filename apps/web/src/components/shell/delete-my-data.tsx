"use client";

import { DELETE_MY_DATA_CONFIRMATION } from "@adsconnect/api/messages";
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
import { Input } from "@adsconnect/ui/input";
import { Label } from "@adsconnect/ui/label";
import { useClerk } from "@clerk/nextjs";
import { useMutation } from "@tanstack/react-query";
import { Loader2, Trash2 } from "lucide-react";
import { useState } from "react";

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
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [signingOut, setSigningOut] = useState(false);
  const confirmed = typed.trim().toLowerCase() === DELETE_MY_DATA_CONFIRMATION;
  const erase = useMutation(
    trpc.me.deleteMyData.mutationOptions({
      onSuccess: async () => {
        setSigningOut(true);
        await signOut();
      },
      onError: (cause) => setError(cause.message),
    }),
  );
  const busy = erase.isPending || signingOut;
  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (busy) return;
        setOpen(next);
        setTyped("");
        setError(null);
      }}
    >
      <AlertDialogTrigger asChild>
        <Button variant="ghost" size="sm" className="text-muted-foreground hover:text-destructive">
          <Trash2 aria-hidden="true" />
          <span className="sr-only sm:not-sr-only">Delete my data</span>
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete all your data?</AlertDialogTitle>
          <AlertDialogDescription asChild>
            <div className="flex flex-col gap-2 text-sm text-muted-foreground">
              <p>This erases, at once and for good:</p>
              <ul className="list-disc pl-5 text-foreground">
                <li>every connected Amazon Ads account and its tokens;</li>
                <li>their advertising profiles and DSP advertisers;</li>
                <li>your API keys (internal apps using them are refused from now on);</li>
                <li>your activity history, and your name and email here.</li>
              </ul>
              <p>
                You will be signed out. Signing in again starts from an empty dashboard. To also
                remove adsconnect at Amazon, remove it under Login with Amazon in your Amazon
                account settings.
              </p>
            </div>
          </AlertDialogDescription>
        </AlertDialogHeader>
        <div className="flex flex-col gap-2">
          <Label htmlFor="delete-my-data-confirmation">
            Type <span className="font-mono">{DELETE_MY_DATA_CONFIRMATION}</span> to confirm
          </Label>
          <Input
            id="delete-my-data-confirmation"
            value={typed}
            autoComplete="off"
            onChange={(event) => setTyped(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "delete-my-data-error" : undefined}
          />
          {error ? (
            <p role="alert" id="delete-my-data-error" className="text-sm text-destructive">
              {error}
            </p>
          ) : null}
        </div>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={busy}>Keep my data</AlertDialogCancel>
          <AlertDialogAction
            variant="destructive"
            disabled={!confirmed || busy}
            onClick={(event) => {
              // Stay open until the server has answered.
              event.preventDefault();
              setError(null);
              erase.mutate({ confirmation: typed });
            }}
          >
            {busy ? <Loader2 aria-hidden="true" className="animate-spin" /> : null}
            {busy ? "Deleting…" : "Delete everything"}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
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
