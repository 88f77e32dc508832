import { Button } from "@adsconnect/ui/button";
import { LogOut } from "lucide-react";

function initials(text: string) {
  const parts = text.replace(/@.*/, "").split(/[\s._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts[1]?.[0] ?? "")).toUpperCase();
}

/**
 * Who is signed in, and (in local mode) signing out: a plain form post, so it
 * works before any JavaScript has loaded and costs the page none.
 */
export function UserMenu({ name, email, canSignOut }: { name: string | null; email: string; canSignOut: boolean }) {
  const display = name ?? email;
  return (
    <div className="flex items-center gap-2">
      <span aria-hidden="true" className="grid size-7 place-items-center rounded-full bg-secondary text-xs font-semibold text-secondary-foreground">
        {initials(display)}
      </span>
      <span className="flex max-w-44 flex-col leading-tight">
        <span className="truncate text-sm font-medium">{display}</span>
        {name ? <span className="hidden truncate text-xs text-muted-foreground sm:block">{email}</span> : null}
      </span>
      {canSignOut ? (
        <form method="post" action="/api/local-auth/sign-out">
          <Button type="submit" variant="ghost" size="sm" className="text-muted-foreground">
            <LogOut aria-hidden="true" />
            <span className="sr-only sm:not-sr-only">Sign out</span>
          </Button>
        </form>
      ) : null}
    </div>
  );
}
