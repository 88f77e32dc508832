"use client";

import type { DashboardOutputs } from "@adsconnect/api/dashboard";
import { Badge } from "@adsconnect/ui/badge";
import { Button } from "@adsconnect/ui/button";
import { ConfirmActionDialog } from "@adsconnect/ui/confirm-action-dialog";
import { DataTable } from "@adsconnect/ui/data-table";
import { SectionCard } from "@adsconnect/ui/section-card";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "@adsconnect/ui/select";
import { TableCell, TableRow } from "@adsconnect/ui/table";
import { toast } from "@adsconnect/ui/toast";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";

import { formatDate } from "@/components/time/format";
import { useTRPC } from "@/trpc/react";

type Member = DashboardOutputs["workspaces"]["members"][number];

const ROLE_LABELS = { admin: "Admin", member: "Member" } as const;

function useRefreshMembers() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.workspaces.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.activity.pathKey() }),
    ]);
}

/** The workspace's members; with `canManage` (an admin of a local workspace), each row's controls. */
export function MembersList({
  canManage,
  workspaceName,
}: {
  canManage: boolean;
  workspaceName: string;
}) {
  const trpc = useTRPC();
  const { data: members } = useSuspenseQuery(trpc.workspaces.members.queryOptions());
  const admins = members.filter((member) => member.role === "admin").length;
  return (
    <SectionCard
      title={members.length === 1 ? "1 person" : `${members.length} people`}
      description={`${admins === 1 ? "1 admin" : `${admins} admins`}. A workspace always keeps at least one.`}
    >
      <DataTable
        label={`Members of ${workspaceName}`}
        columns={["Name", "Email", "Role", "Joined"]}
        actions={canManage}
      >
        {members.map((member) => (
          <TableRow key={member.userId} data-member-email={member.email}>
            <TableCell className="font-medium">
              {member.name ?? <span className="text-muted-foreground">Not signed in yet</span>}
            </TableCell>
            <TableCell>{member.email}</TableCell>
            <TableCell>
              {canManage ? (
                <RoleSelect member={member} />
              ) : (
                <Badge variant={member.role === "admin" ? "secondary" : "muted"}>
                  {ROLE_LABELS[member.role]}
                </Badge>
              )}
            </TableCell>
            <TableCell className="whitespace-nowrap">{formatDate(member.joinedAt)}</TableCell>
            {canManage ? (
              <TableCell className="text-right">
                <RemoveButton member={member} workspaceName={workspaceName} />
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </DataTable>
    </SectionCard>
  );
}

function displayName(member: Member) {
  return member.name ?? member.email;
}

function RoleSelect({ member }: { member: Member }) {
  const trpc = useTRPC();
  const refresh = useRefreshMembers();
  const change = useMutation(
    trpc.workspaces.changeRole.mutationOptions({
      onSuccess: async (changed) => {
        toast.success(
          `${displayName(changed)} is now ${changed.role === "admin" ? "an admin" : "a member"}`,
        );
        await refresh();
      },
      onError: (error) => toast.error("Could not change the role", { description: error.message }),
    }),
  );
  return (
    <Select
      value={member.role}
      disabled={change.isPending}
      onValueChange={(role) =>
        change.mutate({ userId: member.userId, role: role as "admin" | "member" })
      }
    >
      <SelectTrigger className="h-8 w-28" aria-label={`Role of ${displayName(member)}`}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        <SelectItem value="member">Member</SelectItem>
        <SelectItem value="admin">Admin</SelectItem>
      </SelectContent>
    </Select>
  );
}

function RemoveButton({ member, workspaceName }: { member: Member; workspaceName: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshMembers();
  const remove = useMutation(
    trpc.workspaces.removeMember.mutationOptions({
      onSuccess: async () => {
        toast.success(`${displayName(member)} removed`, {
          description: `They no longer reach ${workspaceName}.`,
        });
        await refresh();
      },
    }),
  );
  return (
    <ConfirmActionDialog
      trigger={
        <Button variant="ghost" size="sm" className="text-destructive">
          Remove<span className="sr-only"> {displayName(member)}</span>
        </Button>
      }
      title={`Remove ${displayName(member)}?`}
      description={`They lose access to ${workspaceName} at once: its accounts, API keys and activity. What they connected stays. You can add them again later.`}
      cancelLabel="Cancel"
      confirmLabel="Remove"
      destructive
      onConfirm={() => remove.mutateAsync({ userId: member.userId })}
    />
  );
}
