"use client";

import type { DashboardOutputs } from "@adsconnect/api/dashboard";
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
import { Badge } from "@adsconnect/ui/badge";
import { Button } from "@adsconnect/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@adsconnect/ui/card";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@adsconnect/ui/table";
import { toast } from "@adsconnect/ui/toast";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { Loader2 } from "lucide-react";
import { useState } from "react";

import { formatDate } from "@/components/time/format";
import { RelativeTime } from "@/components/time/times";
import { useIsWorkspaceAdmin } from "@/components/workspaces/current-workspace";
import { useTRPC } from "@/trpc/react";

type ApiKey = DashboardOutputs["apiKeys"]["list"][number];

const PERMISSION_LABELS: Record<string, string> = {
  "accounts:read": "read accounts",
  "tokens:read": "get tokens",
  "ads:proxy": "Ads API proxy",
  "webhooks:manage": "manage webhooks",
};

/** What a key may do, on which accounts, until when. */
function KeyScope({ apiKey }: { apiKey: ApiKey }) {
  const accounts = apiKey.accountIds.length;
  return (
    <ul className="flex flex-col gap-0.5">
      <li>
        <span className="sr-only">Permissions: </span>
        {apiKey.permissions
          .map((permission) => PERMISSION_LABELS[permission] ?? permission)
          .join(", ")}
      </li>
      <li>{accounts === 0 ? "All accounts" : `${accounts} account${accounts === 1 ? "" : "s"}`}</li>
      <li className="whitespace-nowrap">
        {apiKey.expiresAt ? `Expires ${formatDate(apiKey.expiresAt)}` : "Never expires"}
      </li>
    </ul>
  );
}

export function ApiKeysList() {
  const trpc = useTRPC();
  const { data: keys } = useSuspenseQuery(trpc.apiKeys.list.queryOptions());
  const active = keys.filter((key) => !key.revokedAt).length;
  // Revoking is an admin's: members see the list only.
  const admin = useIsWorkspaceAdmin();
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle className="text-base">The workspace&apos;s keys</CardTitle>
        <CardDescription>
          {keys.length === 0
            ? "No keys yet. Internal apps need one to call adsconnect."
            : `${active} active, ${keys.length - active} revoked. Revoked keys stay listed to explain past access.`}
        </CardDescription>
      </CardHeader>
      {keys.length > 0 ? (
        <CardContent>
          <div className="rounded-lg border">
            <Table label="API keys">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead scope="col">Name</TableHead>
                  <TableHead scope="col">Key</TableHead>
                  <TableHead scope="col">Created</TableHead>
                  <TableHead scope="col">Last used</TableHead>
                  <TableHead scope="col">Scope</TableHead>
                  <TableHead scope="col">Status</TableHead>
                  <TableHead scope="col">
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {keys.map((key) => (
                  <TableRow key={key.id} data-key-prefix={key.prefix}>
                    <TableCell className="font-medium">{key.name}</TableCell>
                    <TableCell className="font-mono text-xs whitespace-nowrap">
                      {key.prefix}…
                    </TableCell>
                    <TableCell className="whitespace-nowrap">{formatDate(key.createdAt)}</TableCell>
                    <TableCell className="whitespace-nowrap">
                      <RelativeTime date={key.lastUsedAt} fallback="Never used" />
                    </TableCell>
                    <TableCell className="text-xs">
                      <KeyScope apiKey={key} />
                    </TableCell>
                    <TableCell>
                      {key.revokedAt ? (
                        <Badge variant="muted">Revoked</Badge>
                      ) : key.expiresAt && key.expiresAt.getTime() <= Date.now() ? (
                        <Badge variant="muted">Expired</Badge>
                      ) : (
                        <Badge variant="success">Active</Badge>
                      )}
                    </TableCell>
                    <TableCell className="text-right">
                      {key.revokedAt || !admin ? null : <RevokeButton apiKey={key} />}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </CardContent>
      ) : null}
    </Card>
  );
}

function RevokeButton({ apiKey }: { apiKey: ApiKey }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        toast.success(`Key “${apiKey.name}” revoked`, {
          description: "Calls with it are refused from now on.",
        });
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.apiKeys.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.activity.pathKey() }),
        ]);
      },
      onError: (error) => toast.error("Could not revoke the key", { description: error.message }),
    }),
  );
  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button
          variant="ghost"
          size="sm"
          className="text-destructive hover:text-destructive"
          aria-label={`Revoke ${apiKey.name}`}
        >
          Revoke
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Revoke “{apiKey.name}”?</AlertDialogTitle>
          <AlertDialogDescription>
            The key {apiKey.prefix}… stops working at once: every app using it is refused from its
            next call. This cannot be undone; create a new key if an app still needs access.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Keep it</AlertDialogCancel>
          <AlertDialogAction
            variant="destructive"
            disabled={revoke.isPending}
            onClick={(event) => {
              event.preventDefault();
              revoke.mutate({ id: apiKey.id });
            }}
          >
            {revoke.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : null}
            Revoke key
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
