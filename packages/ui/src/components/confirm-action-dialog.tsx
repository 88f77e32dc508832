"use client";

import { Loader2 } from "lucide-react";
import type * as React from "react";
import { useId, useState } from "react";

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
} from "./alert-dialog";
import { Input } from "./input";
import { Label } from "./label";

/**
 * A question to answer before an action happens (Disconnect, Revoke, Delete…). The confirm button
 * awaits `onConfirm` with a spinner: on success the dialog closes, or, given `outcome`, shows
 * `outcome(result)` in place of the question (e.g. a secret shown once); on failure it stays open
 * with the error. While it is pending it cannot be closed.
 */
export function ConfirmActionDialog<Result>({
  trigger,
  title,
  description,
  cancelLabel,
  confirmLabel,
  pendingLabel = confirmLabel,
  destructive = false,
  confirmationText,
  className,
  onConfirm,
  outcome,
  onOpenChange,
}: {
  /** The button that opens the dialog. */
  trigger: React.ReactElement;
  title: React.ReactNode;
  /** Rendered in a `div`: block content (paragraphs, lists) is fine. */
  description: React.ReactNode;
  cancelLabel: string;
  confirmLabel: React.ReactNode;
  /** The confirm button's text while `onConfirm` runs. Default: `confirmLabel`. */
  pendingLabel?: React.ReactNode;
  /** Style the confirm button as destructive. Default false. */
  destructive?: boolean;
  /** When set, the person must type this (any case) before confirming. */
  confirmationText?: string;
  /** Classes for the dialog's content box, e.g. a wider `sm:max-w-xl`. */
  className?: string;
  /** The action, given what the person typed (see `confirmationText`): it fails by rejecting. */
  onConfirm: (typed: string) => Promise<Result>;
  /** What to show once `onConfirm` has succeeded, in place of the question. Without it the dialog closes. */
  outcome?: (result: Result) => React.ReactNode;
  /** Told whenever the dialog opens or closes, e.g. to forget a result. */
  onOpenChange?: (open: boolean) => void;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [typed, setTyped] = useState("");
  const [shown, setShown] = useState<React.ReactNode>(null);
  const confirmed =
    confirmationText === undefined || typed.trim().toLowerCase() === confirmationText.toLowerCase();
  const errorId = `${id}-error`;

  function changeOpen(next: boolean) {
    if (pending) return;
    setOpen(next);
    setTyped("");
    setError(null);
    setShown(null);
    onOpenChange?.(next);
  }

  async function confirm() {
    setError(null);
    setPending(true);
    try {
      const result = await onConfirm(typed);
      setPending(false);
      if (outcome) setShown(outcome(result));
      else {
        setOpen(false);
        setTyped("");
        onOpenChange?.(false);
      }
    } catch (cause) {
      setPending(false);
      setError(cause instanceof Error ? cause.message : String(cause));
    }
  }

  const errorMessage = error ? (
    <p role="alert" id={errorId} className="text-sm text-destructive">
      {error}
    </p>
  ) : null;

  return (
    <AlertDialog open={open} onOpenChange={changeOpen}>
      <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger>
      <AlertDialogContent className={className}>
        {shown ?? (
          <>
            <AlertDialogHeader>
              <AlertDialogTitle>{title}</AlertDialogTitle>
              <AlertDialogDescription asChild>
                <div>{description}</div>
              </AlertDialogDescription>
            </AlertDialogHeader>
            {confirmationText === undefined ? (
              errorMessage
            ) : (
              <div className="flex flex-col gap-2">
                <Label htmlFor={`${id}-confirmation`}>
                  Type <span className="font-mono">{confirmationText}</span> to confirm
                </Label>
                <Input
                  id={`${id}-confirmation`}
                  value={typed}
                  autoComplete="off"
                  onChange={(event) => setTyped(event.target.value)}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? errorId : undefined}
                />
                {errorMessage}
              </div>
            )}
            <AlertDialogFooter>
              <AlertDialogCancel disabled={pending}>{cancelLabel}</AlertDialogCancel>
              <AlertDialogAction
                variant={destructive ? "destructive" : "default"}
                disabled={!confirmed || pending}
                onClick={(event) => {
                  // Stay open until `onConfirm` has settled.
                  event.preventDefault();
                  void confirm();
                }}
              >
                {pending ? <Loader2 aria-hidden="true" className="animate-spin" /> : null}
                {pending ? pendingLabel : confirmLabel}
              </AlertDialogAction>
            </AlertDialogFooter>
          </>
        )}
      </AlertDialogContent>
    </AlertDialog>
  );
}
