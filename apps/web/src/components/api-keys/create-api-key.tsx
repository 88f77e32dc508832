"use client";

import { Button } from "@adsconnect/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@adsconnect/ui/card";
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
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2, Plus } from "lucide-react";
import { useState } from "react";

import { ShownOnceSecret } from "@/components/secrets/shown-once-secret";
import { useTRPC } from "@/trpc/react";

const PERMISSIONS = [
  { value: "accounts:read", label: "Read accounts", hint: "accounts.list, accounts.get" },
  { value: "tokens:read", label: "Get access tokens", hint: "tokens.getAccessToken" },
  { value: "ads:proxy", label: "Call the Ads API through the proxy", hint: "/ads/…" },
  { value: "webhooks:manage", label: "Manage webhook endpoints", hint: "webhooks.*" },
] as const;
type Permission = (typeof PERMISSIONS)[number]["value"];
// Managing webhooks is asked for, as the API's default leaves it out.
const DEFAULT_PERMISSIONS: Permission[] = PERMISSIONS.map((p) => p.value).filter(
  (value) => value !== "webhooks:manage",
);

/** Names a new key, chooses its scope, creates it, and shows its secret once. */
export function CreateApiKey() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [permissions, setPermissions] = useState<Permission[]>(DEFAULT_PERMISSIONS);
  const [accountIds, setAccountIds] = useState<string[]>([]);
  const [expiresOn, setExpiresOn] = useState("");
  const accounts = useQuery(trpc.accounts.list.queryOptions());
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: async ({ key, apiKey }) => {
        setCreated({ key, name: apiKey.name });
        setName("");
        setPermissions(DEFAULT_PERMISSIONS);
        setAccountIds([]);
        setExpiresOn("");
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.apiKeys.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.activity.pathKey() }),
        ]);
      },
    }),
  );
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle className="text-base">Create a key</CardTitle>
        <CardDescription>
          One key per internal app, named after it, so you can revoke one without touching the
          others.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form
          className="flex flex-col gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate({
              name,
              permissions,
              accountIds: accountIds.length > 0 ? accountIds : null,
              // The end of the chosen day, in the person's time zone.
              expiresAt: expiresOn ? new Date(`${expiresOn}T23:59:59`) : null,
            });
          }}
        >
          <div className="flex flex-col gap-2">
            <Label htmlFor="api-key-name">Name</Label>
            <Input
              id="api-key-name"
              name="name"
              required
              maxLength={64}
              placeholder="e.g. reporting service"
              value={name}
              onChange={(event) => setName(event.target.value)}
              aria-invalid={create.error ? true : undefined}
              aria-describedby={create.error ? "api-key-name-error" : undefined}
            />
          </div>
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1 text-sm font-medium">Permissions</legend>
            {PERMISSIONS.map((permission) => (
              <div key={permission.value} className="flex items-center gap-2">
                <input
                  type="checkbox"
                  id={`api-key-permission-${permission.value}`}
                  className="size-4 accent-primary"
                  checked={permissions.includes(permission.value)}
                  onChange={(event) =>
                    setPermissions((current) =>
                      event.target.checked
                        ? [...current, permission.value]
                        : current.filter((value) => value !== permission.value),
                    )
                  }
                />
                <Label htmlFor={`api-key-permission-${permission.value}`} className="font-normal">
                  {permission.label}{" "}
                  <span className="font-mono text-xs text-muted-foreground">{permission.hint}</span>
                </Label>
              </div>
            ))}
          </fieldset>
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1 text-sm font-medium">Accounts</legend>
            <p className="text-sm text-muted-foreground">
              Leave all unticked for every account, including ones you connect later.
            </p>
            {(accounts.data ?? []).map((account) => (
              <div key={account.id} className="flex items-center gap-2">
                <input
                  type="checkbox"
                  id={`api-key-account-${account.id}`}
                  className="size-4 accent-primary"
                  checked={accountIds.includes(account.id)}
                  onChange={(event) =>
                    setAccountIds((current) =>
                      event.target.checked
                        ? [...current, account.id]
                        : current.filter((id) => id !== account.id),
                    )
                  }
                />
                <Label htmlFor={`api-key-account-${account.id}`} className="font-normal">
                  {account.amazonName ?? account.amazonEmail ?? account.id}
                </Label>
              </div>
            ))}
          </fieldset>
          <div className="flex flex-col gap-2 sm:max-w-xs">
            <Label htmlFor="api-key-expiry">Expires on (optional)</Label>
            <Input
              id="api-key-expiry"
              name="expiresOn"
              type="date"
              min={new Date().toISOString().slice(0, 10)}
              value={expiresOn}
              onChange={(event) => setExpiresOn(event.target.value)}
            />
          </div>
          <Button type="submit" className="self-start" disabled={create.isPending}>
            {create.isPending ? (
              <Loader2 aria-hidden="true" className="animate-spin" />
            ) : (
              <Plus aria-hidden="true" />
            )}
            Create key
          </Button>
        </form>
        {create.error ? (
          <p id="api-key-name-error" role="alert" className="mt-2 text-sm text-destructive">
            {create.error.message}
          </p>
        ) : null}
      </CardContent>
      <SecretDialog created={created} onClose={() => setCreated(null)} />
    </Card>
  );
}

function SecretDialog({
  created,
  onClose,
}: {
  created: { key: string; name: string } | null;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={created !== null}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
    >
      <DialogContent onInteractOutside={(event) => event.preventDefault()}>
        <DialogHeader>
          <DialogTitle>Your new API key “{created?.name}”</DialogTitle>
          <DialogDescription>
            Give it to the internal app, which sends it as{" "}
            <code className="font-mono text-xs">Authorization: Bearer &lt;key&gt;</code> or passes
            it to the typed client.
          </DialogDescription>
        </DialogHeader>
        <ShownOnceSecret
          secret={created?.key ?? ""}
          label="API key"
          warning="adsconnect keeps only a hash of the key. If you lose it, revoke it and create a new one. Anyone holding it can get tokens for your accounts."
        />
        <DialogFooter>
          <Button onClick={onClose}>I have saved it</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
