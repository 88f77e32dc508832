"use client";

import { Button } from "@adsconnect/ui/button";
import { cn } from "@adsconnect/ui/cn";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@adsconnect/ui/dialog";
import { useMutation } from "@tanstack/react-query";
import { ExternalLink, Loader2 } from "lucide-react";
import { useState } from "react";

import { useTRPC } from "@/trpc/react";

import { REGION_CONSENT_HINTS, REGION_LABELS, REGIONS, type Region } from "./status";

export interface ConnectDialogBodyProps {
  mode: "connect" | "reconnect";
  defaultRegion: Region;
  accountName?: string;
  /** The account reconnected (mode "reconnect"): Amazon's user must then be its user. */
  accountId?: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Where focus goes back when the dialog closes. */
  returnFocus: () => void;
}

/** The connect dialog itself: loaded the first time a person opens it, so the pages carry none of its code. */
export default function ConnectDialogBody({
  mode,
  defaultRegion,
  accountName,
  accountId,
  open,
  onOpenChange,
  returnFocus,
}: ConnectDialogBodyProps) {
  const trpc = useTRPC();
  const [region, setRegion] = useState<Region>(defaultRegion);
  const start = useMutation(
    trpc.accounts.startConnection.mutationOptions({
      onSuccess: ({ authorizationUrl }) => window.location.assign(authorizationUrl),
    }),
  );
  const leaving = start.isPending || start.isSuccess;
  const reconnect = mode === "reconnect";
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          returnFocus();
        }}
      >
        <form
          className="flex flex-col gap-5"
          onSubmit={(event) => {
            event.preventDefault();
            start.mutate(reconnect && accountId ? { region, accountId } : { region });
          }}
        >
          <DialogHeader>
            <DialogTitle>
              {reconnect
                ? `Reconnect ${accountName ?? "this account"}`
                : "Connect an Amazon Ads account"}
            </DialogTitle>
            <DialogDescription>
              {reconnect
                ? "Sign in at Amazon as the same Amazon user and allow access again. Its tokens are replaced and its status clears."
                : "You will sign in at Amazon and allow adsconnect to manage your advertising. One approval reaches your profiles in every region."}
            </DialogDescription>
          </DialogHeader>
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-2 text-sm font-medium">Amazon consent page</legend>
            {REGIONS.map((key) => (
              <label
                key={key}
                className={cn(
                  "flex cursor-pointer items-start gap-3 rounded-lg border p-3 transition-colors has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/50 hover:bg-accent/60",
                  region === key && "border-brand bg-brand/5",
                )}
              >
                <input
                  type="radio"
                  name="region"
                  value={key}
                  checked={region === key}
                  onChange={() => setRegion(key)}
                  className="mt-0.5 size-4 accent-[var(--brand)]"
                />
                <span className="flex flex-col gap-0.5">
                  <span className="text-sm font-medium">
                    {REGION_LABELS[key]}{" "}
                    <span className="font-normal text-muted-foreground">({key})</span>
                  </span>
                  <span className="text-xs text-muted-foreground">{REGION_CONSENT_HINTS[key]}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {start.error ? (
            <p role="alert" className="text-sm text-destructive">
              {start.error.message}
            </p>
          ) : null}
          <DialogFooter>
            <Button type="submit" variant="brand" disabled={leaving}>
              {leaving ? (
                <Loader2 aria-hidden="true" className="animate-spin" />
              ) : (
                <ExternalLink aria-hidden="true" />
              )}
              {leaving ? "Opening Amazon…" : "Continue to Amazon"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
