"use client";

import { Button } from "@adsconnect/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@adsconnect/ui/dialog";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Loader2, Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";

import { useTRPC } from "@/trpc/react";

import { EMPTY_DRAFT, EndpointFields, type EndpointDraft } from "./endpoint-fields";
import { SecretReveal } from "./secret-reveal";

/**
 * "Add endpoint": URL, description and events in a dialog; once created, the same dialog shows
 * the endpoint's signing secret, this once, until the person says they saved it.
 */
export function AddEndpointDialog() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<EndpointDraft>(EMPTY_DRAFT);
  const [created, setCreated] = useState<{ id: string; secret: string } | null>(null);
  const create = useMutation(
    trpc.webhooks.createEndpoint.mutationOptions({
      onSuccess: async ({ endpoint, secret }) => {
        setCreated({ id: endpoint.id, secret });
        setDraft(EMPTY_DRAFT);
        await queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
      },
    }),
  );
  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) {
      // Closing forgets the secret: it is never shown again.
      setCreated(null);
      create.reset();
    }
  }
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden="true" />
          Add endpoint
        </Button>
      </DialogTrigger>
      <DialogContent
        className="max-h-[90dvh] overflow-y-auto sm:max-w-xl"
        // Once the secret shows, a stray click outside must not lose it.
        onInteractOutside={(event) => {
          if (created) event.preventDefault();
        }}
      >
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>Endpoint added</DialogTitle>
              <DialogDescription>
                Give this signing secret to the app behind the URL; it checks every delivery with it
                (see <code className="font-mono text-xs">verifyWebhook</code> in{" "}
                <code className="font-mono text-xs">@adsconnect/client</code>).
              </DialogDescription>
            </DialogHeader>
            <SecretReveal secret={created.secret} autoFocus />
            <DialogFooter className="gap-2">
              <Button asChild variant="outline">
                <Link href={`/webhooks/${created.id}`}>Open the endpoint</Link>
              </Button>
              <Button onClick={() => onOpenChange(false)}>I have saved it</Button>
            </DialogFooter>
          </>
        ) : (
          <form
            className="flex flex-col gap-4"
            onSubmit={(event) => {
              event.preventDefault();
              create.mutate({
                url: draft.url.trim(),
                description: draft.description.trim() || undefined,
                eventTypes: draft.eventTypes,
              });
            }}
          >
            <DialogHeader>
              <DialogTitle>Add a webhook endpoint</DialogTitle>
              <DialogDescription>
                adsconnect tells this URL when an account of this workspace changes: connected,
                failing, needing reauthorization, disconnected.
              </DialogDescription>
            </DialogHeader>
            <EndpointFields
              idPrefix="new-endpoint"
              draft={draft}
              onChange={setDraft}
              errorId={create.error ? "new-endpoint-error" : undefined}
            />
            {create.error ? (
              <p id="new-endpoint-error" role="alert" className="text-sm text-destructive">
                {create.error.message}
              </p>
            ) : null}
            <DialogFooter>
              <Button type="submit" disabled={create.isPending}>
                {create.isPending ? (
                  <Loader2 aria-hidden="true" className="animate-spin" />
                ) : (
                  <Plus aria-hidden="true" />
                )}
                Add endpoint
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
