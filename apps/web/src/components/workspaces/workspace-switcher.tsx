"use client";

import type { DashboardOutputs } from "@adsconnect/api/dashboard";
import { Button } from "@adsconnect/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@adsconnect/ui/dropdown-menu";
import { toast } from "@adsconnect/ui/toast";
import { Check, ChevronsUpDown, Plus, Users } from "lucide-react";
import Link from "next/link";
import { useState } from "react";

import { NewWorkspaceDialog } from "./new-workspace-dialog";
import { switchWorkspace } from "./switch-workspace";
import { workspaceLabel } from "./workspace-label";

type Workspace = DashboardOutputs["workspaces"]["list"][number];

/**
 * Local sign-in's workspace switcher: the person's workspaces (their role in each), "New
 * workspace" and the members page. `currentId` is null when the picked workspace was taken away
 * (they were removed): the trigger then asks them to pick one.
 */
export function WorkspaceSwitcher({
  workspaces,
  currentId,
}: {
  workspaces: Workspace[];
  currentId: string | null;
}) {
  const [creating, setCreating] = useState(false);
  const [switching, setSwitching] = useState(false);
  const current = workspaces.find((workspace) => workspace.workspaceId === currentId) ?? null;
  async function pick(workspace: Workspace) {
    if (workspace.workspaceId === currentId) return;
    setSwitching(true);
    const refusal = await switchWorkspace(workspace.workspaceId);
    if (refusal) {
      setSwitching(false);
      toast.error("Could not switch workspaces", { description: refusal });
    }
  }
  return (
    <>
      {/* Not modal: a modal menu hides the page from assistive tech while it stays focusable. */}
      <DropdownMenu modal={false}>
        <DropdownMenuTrigger asChild>
          <Button
            variant="outline"
            size="sm"
            className="max-w-56 justify-between"
            aria-label={`Workspace: ${current ? workspaceLabel(current) : "none picked"}. Switch workspace`}
            disabled={switching}
          >
            <span className="truncate">
              {current ? workspaceLabel(current) : "Pick a workspace"}
            </span>
            <ChevronsUpDown aria-hidden="true" className="opacity-60" />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="w-64">
          <DropdownMenuLabel>Workspaces</DropdownMenuLabel>
          {workspaces.map((workspace) => {
            const selected = workspace.workspaceId === currentId;
            return (
              <DropdownMenuItem
                key={workspace.workspaceId}
                onSelect={() => void pick(workspace)}
                aria-current={selected ? "true" : undefined}
              >
                <Check aria-hidden="true" className={selected ? "" : "invisible"} />
                <span className="flex min-w-0 flex-1 flex-col">
                  <span className="truncate">{workspaceLabel(workspace)}</span>
                  <span className="text-xs text-muted-foreground">
                    {workspace.kind === "personal"
                      ? "Only you"
                      : workspace.role === "admin"
                        ? "Admin"
                        : "Member"}
                  </span>
                </span>
              </DropdownMenuItem>
            );
          })}
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setCreating(true)}>
            <Plus aria-hidden="true" />
            New workspace…
          </DropdownMenuItem>
          <DropdownMenuItem asChild>
            <Link href="/members">
              <Users aria-hidden="true" />
              Members
            </Link>
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <NewWorkspaceDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}
