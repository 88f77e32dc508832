import Link from "next/link";
import { redirect } from "next/navigation";

import { getAuthSettings } from "@/server/auth-settings";
import { getSession } from "@/server/session";

/** Every dashboard page needs a signed-in person; each page and procedure still checks for itself. */
export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const session = await getSession();
  if (!session) redirect("/sign-in");
  const local = getAuthSettings().provider === "local";
  return (
    <div className="min-h-dvh">
      <header className="border-b border-zinc-200 dark:border-zinc-800">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-6 py-3">
          <nav aria-label="Main" className="flex items-center gap-5 text-sm">
            <Link href="/accounts" className="font-semibold tracking-tight">
              adsconnect
            </Link>
            <Link href="/accounts" className="text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white">
              Accounts
            </Link>
          </nav>
          <div className="flex items-center gap-3 text-sm">
            <span className="text-zinc-600 dark:text-zinc-400">{session.name ?? session.email}</span>
            {local ? (
              <form method="post" action="/api/local-auth/sign-out">
                <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1 dark:border-zinc-700">
                  Sign out
                </button>
              </form>
            ) : null}
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-5xl px-6 py-10">{children}</main>
    </div>
  );
}
