"use client";

import { Button } from "@adsconnect/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@adsconnect/ui/dialog";
import { Input } from "@adsconnect/ui/input";
import { Label } from "@adsconnect/ui/label";
import { useMutation } from "@tanstack/react-query";
import { Loader2 } from "lucide-react";
import { useState } from "react";

import { useTRPC } from "@/trpc/react";

import { switchWorkspace } from "./switch-workspace";

/**
 * "New workspace" (local sign-in): names it, creates it with the person as its admin, and
 * switches to it, where they add people on the members page.
 */
export function NewWorkspaceDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [switchError, setSwitchError] = useState<string | null>(null);
  const create = useMutation(
    trpc.workspaces.create.mutationOptions({
      onSuccess: async ({ workspaceId }) => setSwitchError(await switchWorkspace(workspaceId)),
    }),
  );
  const error = create.error?.message ?? switchError;
  const busy = create.isPending || (create.isSuccess && !switchError);
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-md">
        <form
          className="flex flex-col gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            setSwitchError(null);
            create.mutate({ name });
          }}
        >
          <DialogHeader>
            <DialogTitle>New workspace</DialogTitle>
            <DialogDescription>
              A workspace shares its Amazon accounts, API keys and activity with the people you add.
              You will be its admin.
            </DialogDescription>
          </DialogHeader>
          <div className="flex flex-col gap-2">
            <Label htmlFor="workspace-name">Name</Label>
            <Input
              id="workspace-name"
              name="name"
              required
              maxLength={64}
              placeholder="e.g. Acme agency"
              value={name}
              onChange={(event) => setName(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "workspace-name-error" : undefined}
            />
            {error ? (
              <p id="workspace-name-error" role="alert" className="text-sm text-destructive">
                {error}
              </p>
            ) : null}
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={busy}>
              {busy ? <Loader2 aria-hidden="true" className="animate-spin" /> : null}
              Create workspace
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
