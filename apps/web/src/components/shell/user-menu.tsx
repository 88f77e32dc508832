"use client";

import { Button } from "@adsconnect/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@adsconnect/ui/dropdown-menu";
import { ChevronDown, LogOut } from "lucide-react";

function initials(text: string) {
  const parts = text.replace(/@.*/, "").split(/[\s._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts[1]?.[0] ?? "")).toUpperCase();
}

/** Who is signed in, and (in local mode) signing out. Sign-out is a form post, so it works without JavaScript too. */
export function UserMenu({ name, email, canSignOut }: { name: string | null; email: string; canSignOut: boolean }) {
  const display = name ?? email;
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="sm" className="gap-2 px-1.5">
          <span aria-hidden="true" className="grid size-7 place-items-center rounded-full bg-secondary text-xs font-semibold text-secondary-foreground">
            {initials(display)}
          </span>
          <span className="max-w-40 truncate">{display}</span>
          <ChevronDown aria-hidden="true" className="opacity-60" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-56">
        <DropdownMenuLabel className="flex flex-col gap-0.5">
          <span className="text-sm text-foreground">{display}</span>
          <span className="truncate font-normal">{email}</span>
        </DropdownMenuLabel>
        {canSignOut ? (
          <>
            <DropdownMenuSeparator />
            <form method="post" action="/api/local-auth/sign-out">
              <DropdownMenuItem asChild>
                <button type="submit" className="w-full">
                  <LogOut aria-hidden="true" />
                  Sign out
                </button>
              </DropdownMenuItem>
            </form>
          </>
        ) : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
