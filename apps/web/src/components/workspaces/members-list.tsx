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
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "@adsconnect/ui/select";
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
    <Card className="gap-4">
      <CardHeader>
        <CardTitle className="text-base">
          {members.length === 1 ? "1 person" : `${members.length} people`}
        </CardTitle>
        <CardDescription>
          {admins === 1 ? "1 admin" : `${admins} admins`}. A workspace always keeps at least one.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <div className="rounded-lg border">
          <Table label={`Members of ${workspaceName}`}>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead scope="col">Name</TableHead>
                <TableHead scope="col">Email</TableHead>
                <TableHead scope="col">Role</TableHead>
                <TableHead scope="col">Joined</TableHead>
                {canManage ? (
                  <TableHead scope="col">
                    <span className="sr-only">Actions</span>
                  </TableHead>
                ) : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {members.map((member) => (
                <TableRow key={member.userId} data-member-email={member.email}>
                  <TableCell className="font-medium">
                    {member.name ?? (
                      <span className="text-muted-foreground">Not signed in yet</span>
                    )}
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
            </TableBody>
          </Table>
        </div>
      </CardContent>
    </Card>
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
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.workspaces.removeMember.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        toast.success(`${displayName(member)} removed`, {
          description: `They no longer reach ${workspaceName}.`,
        });
        await refresh();
      },
      onError: (error) => {
        setOpen(false);
        toast.error("Could not remove them", { description: error.message });
      },
    }),
  );
  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button variant="ghost" size="sm" className="text-destructive">
          Remove<span className="sr-only"> {displayName(member)}</span>
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Remove {displayName(member)}?</AlertDialogTitle>
          <AlertDialogDescription>
            They lose access to {workspaceName} at once: its accounts, API keys and activity. What
            they connected stays. You can add them again later.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction
            variant="destructive"
            disabled={remove.isPending}
            onClick={(event) => {
              event.preventDefault();
              remove.mutate({ userId: member.userId });
            }}
          >
            {remove.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : null}
            Remove
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
