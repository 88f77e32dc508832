"use client";

import type { DashboardOutputs } from "@adsconnect/api/dashboard";
import { Badge } from "@adsconnect/ui/badge";
import { Button } from "@adsconnect/ui/button";
import { ConfirmActionDialog } from "@adsconnect/ui/confirm-action-dialog";
import { DataTable } from "@adsconnect/ui/data-table";
import { SectionCard } from "@adsconnect/ui/section-card";
import { TableCell, TableRow } from "@adsconnect/ui/table";
import { toast } from "@adsconnect/ui/toast";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";

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
    <SectionCard
      title={"The workspace's keys"}
      description={
        keys.length === 0
          ? "No keys yet. Internal apps need one to call adsconnect."
          : `${active} active, ${keys.length - active} revoked. Revoked keys stay listed to explain past access.`
      }
    >
      {keys.length > 0 ? (
        <DataTable
          label="API keys"
          columns={["Name", "Key", "Created", "Last used", "Scope", "Status"]}
          actions
        >
          {keys.map((key) => (
            <TableRow key={key.id} data-key-prefix={key.prefix}>
              <TableCell className="font-medium">{key.name}</TableCell>
              <TableCell className="font-mono text-xs whitespace-nowrap">{key.prefix}…</TableCell>
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
        </DataTable>
      ) : null}
    </SectionCard>
  );
}

function RevokeButton({ apiKey }: { apiKey: ApiKey }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        toast.success(`Key “${apiKey.name}” revoked`, {
          description: "Calls with it are refused from now on.",
        });
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.apiKeys.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.activity.pathKey() }),
        ]);
      },
    }),
  );
  return (
    <ConfirmActionDialog
      trigger={
        <Button
          variant="ghost"
          size="sm"
          className="text-destructive hover:text-destructive"
          aria-label={`Revoke ${apiKey.name}`}
        >
          Revoke
        </Button>
      }
      title={`Revoke “${apiKey.name}”?`}
      description={`The key ${apiKey.prefix}… stops working at once: every app using it is refused from its next call. This cannot be undone; create a new key if an app still needs access.`}
      cancelLabel="Keep it"
      confirmLabel="Revoke key"
      destructive
      onConfirm={() => revoke.mutateAsync({ id: apiKey.id })}
    />
  );
}
