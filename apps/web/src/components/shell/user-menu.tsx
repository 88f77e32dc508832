import { Button } from "@adsconnect/ui/button";
import { LogOut } from "lucide-react";
import type * as React from "react";

function initials(text: string) {
  const parts = text
    .replace(/@.*/, "")
    .split(/[\s._-]+/)
    .filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts[1]?.[0] ?? "")).toUpperCase();
}

/** The sign-out control's look, shared by both sign-in modes. */
export function SignOutButtonLook(props: React.ComponentProps<typeof Button>) {
  return (
    <Button variant="ghost" size="sm" className="text-muted-foreground" {...props}>
      <LogOut aria-hidden="true" />
      <span className="sr-only sm:not-sr-only">Sign out</span>
    </Button>
  );
}

/**
 * Who is signed in, and signing out: in local mode a plain form post (works
 * before any JavaScript has loaded); with Clerk, the `signOut` control given.
 */
export function UserMenu({
  name,
  email,
  localSignOut,
  signOut,
}: {
  name: string | null;
  email: string;
  localSignOut: boolean;
  signOut?: React.ReactNode;
}) {
  const display = name ?? email;
  return (
    <div className="flex items-center gap-2">
      <span
        aria-hidden="true"
        className="grid size-7 place-items-center rounded-full bg-secondary text-xs font-semibold text-secondary-foreground"
      >
        {initials(display)}
      </span>
      <span className="flex max-w-44 flex-col leading-tight">
        <span className="truncate text-sm font-medium">{display}</span>
        {name ? (
          <span className="hidden truncate text-xs text-muted-foreground sm:block">{email}</span>
        ) : null}
      </span>
      {localSignOut ? (
        <form method="post" action="/api/local-auth/sign-out">
          <SignOutButtonLook type="submit" />
        </form>
      ) : (
        signOut
      )}
    </div>
  );
}
