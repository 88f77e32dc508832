"use client";

import { Button } from "@adsconnect/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@adsconnect/ui/card";
import { Input } from "@adsconnect/ui/input";
import { Label } from "@adsconnect/ui/label";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "@adsconnect/ui/select";
import { toast } from "@adsconnect/ui/toast";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Loader2, UserPlus } from "lucide-react";
import { useState } from "react";

import { useTRPC } from "@/trpc/react";

/** An admin adds someone by the email they sign in with, as a member or an admin. */
export function AddMemberForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<"member" | "admin">("member");
  const add = useMutation(
    trpc.workspaces.addMember.mutationOptions({
      onSuccess: async ({ member, alreadyMember }) => {
        setEmail("");
        if (alreadyMember) toast.info(`${member.name ?? member.email} is already a member`);
        else toast.success(`${member.name ?? member.email} added`);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.workspaces.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.activity.pathKey() }),
        ]);
      },
    }),
  );
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle className="text-base">Add a person</CardTitle>
        <CardDescription>
          By the email they sign in with. Someone who has not signed in yet finds the workspace in
          their switcher when they do.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form
          className="flex flex-col gap-4 sm:flex-row sm:items-end"
          onSubmit={(event) => {
            event.preventDefault();
            add.mutate({ email, role });
          }}
        >
          <div className="flex flex-1 flex-col gap-2">
            <Label htmlFor="member-email">Email</Label>
            <Input
              id="member-email"
              name="email"
              type="email"
              required
              maxLength={254}
              placeholder="bob@example.com"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              aria-invalid={add.error ? true : undefined}
              aria-describedby={add.error ? "member-email-error" : undefined}
            />
          </div>
          <div className="flex flex-col gap-2">
            <Label htmlFor="member-role">Role</Label>
            <Select value={role} onValueChange={(value) => setRole(value as "member" | "admin")}>
              <SelectTrigger id="member-role" className="w-32">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="member">Member</SelectItem>
                <SelectItem value="admin">Admin</SelectItem>
              </SelectContent>
            </Select>
          </div>
          <Button type="submit" disabled={add.isPending}>
            {add.isPending ? (
              <Loader2 aria-hidden="true" className="animate-spin" />
            ) : (
              <UserPlus aria-hidden="true" />
            )}
            Add
          </Button>
        </form>
        {add.error ? (
          <p id="member-email-error" role="alert" className="mt-2 text-sm text-destructive">
            {add.error.message}
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}
