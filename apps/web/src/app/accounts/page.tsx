import { redirect } from "next/navigation";

import { getAuthSettings } from "@/server/auth-settings";
import { getSession } from "@/server/session";

export const metadata = { title: "Accounts" };

export default async function AccountsPage() {
  const session = await getSession();
  if (!session) redirect("/sign-in?redirect_url=/accounts");
  const local = getAuthSettings().provider === "local";
  return (
    <main className="mx-auto flex max-w-4xl flex-col gap-8 px-6 py-12">
      <header className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Amazon Ads accounts</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Signed in as {session.name ?? session.email}</p>
        </div>
        {local ? (
          <form method="post" action="/api/local-auth/sign-out">
            <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700">
              Sign out
            </button>
          </form>
        ) : null}
      </header>
      <section className="rounded-xl border border-dashed border-zinc-300 p-8 text-center dark:border-zinc-700">
        <h2 className="font-medium">No accounts connected yet</h2>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          Connecting an account sends you to Amazon to approve access once. adsconnect then keeps its tokens
          fresh, so your reports and tools never have to.
        </p>
      </section>
    </main>
  );
}
