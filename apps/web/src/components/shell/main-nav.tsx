"use client";

import { cn } from "@adsconnect/ui/cn";
import Link, { useLinkStatus } from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/accounts", label: "Accounts" },
  { href: "/activity", label: "Activity" },
  { href: "/api-keys", label: "API keys" },
  { href: "/members", label: "Members" },
  { href: "/webhooks", label: "Webhooks" },
] as const;

/** Operators' section (ADMIN_USER_IDS): nobody else is shown the link. */
const OPERATIONS = { href: "/operations", label: "Operations" } as const;

/**
 * The dashboard's sections; the current one is marked for screen readers too. `operator`: the
 * signed-in person is in ADMIN_USER_IDS (decided on the server), and sees "Operations".
 */
export function MainNav({ operator = false }: { operator?: boolean }) {
  const pathname = usePathname();
  const links = operator ? [...LINKS, OPERATIONS] : LINKS;
  return (
    <nav aria-label="Main" className="-mx-1 flex items-center gap-1 overflow-x-auto text-sm">
      {links.map(({ href, label }) => {
        const current = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link
            key={href}
            href={href}
            aria-current={current ? "page" : undefined}
            className={cn(
              "relative rounded-md px-3 py-1.5 font-medium whitespace-nowrap text-muted-foreground transition-colors outline-none hover:bg-accent hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50",
              current && "bg-accent text-foreground",
            )}
          >
            {label}
            <PendingDot />
          </Link>
        );
      })}
    </nav>
  );
}

/** While a section is loading after a click, a small pulse on its link (pages without a loading skeleton show it). */
function PendingDot() {
  const { pending } = useLinkStatus();
  return pending ? (
    <span
      role="status"
      className="absolute top-1 right-1 size-1.5 animate-pulse rounded-full bg-brand"
    >
      <span className="sr-only">Loading</span>
    </span>
  ) : null;
}
