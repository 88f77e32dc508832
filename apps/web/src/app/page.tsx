import { Button } from "@adsconnect/ui/button";
import { ArrowRight, Globe2, KeyRound, RefreshCcw } from "lucide-react";
import Link from "next/link";

import { Logo } from "@/components/shell/logo";
import { getSession } from "@/server/session";

const features = [
  {
    Icon: Globe2,
    title: "Connect once",
    body: "Sign in with Amazon a single time. One grant reaches your advertising profiles in North America, Europe and the Far East.",
  },
  {
    Icon: RefreshCcw,
    title: "Never think about tokens",
    body: "Access tokens are refreshed before they expire by a background worker. Tokens are encrypted at rest and never reach your browser.",
  },
  {
    Icon: KeyRound,
    title: "See what you can reach",
    body: "Every account's health, its advertising profiles in each region and its DSP advertisers, in one place, and API keys for your internal apps.",
  },
];

export default async function HomePage() {
  const session = await getSession();
  return (
    <div className="min-h-dvh bg-background text-foreground">
      <header className="mx-auto flex max-w-5xl items-center justify-between px-6 py-5">
        <Logo href="/" />
        <Button asChild variant="ghost">
          <Link href={session ? "/accounts" : "/sign-in"}>
            {session ? "Your accounts" : "Sign in"}
          </Link>
        </Button>
      </header>
      <main className="mx-auto flex max-w-5xl flex-col gap-14 px-6 pt-10 pb-20 sm:pt-20">
        <section className="flex flex-col gap-6">
          <p className="text-sm font-semibold tracking-wide text-brand uppercase">
            Amazon Ads, connected
          </p>
          <h1 className="max-w-3xl text-4xl font-semibold tracking-tight text-balance sm:text-5xl">
            Your Amazon Ads accounts, connected and kept fresh.
          </h1>
          <p className="max-w-2xl text-lg text-muted-foreground">
            adsconnect holds the Login with Amazon grants behind your campaign insights, so reports
            and internal tools always have a working access token.
          </p>
          <div className="flex flex-wrap gap-3">
            <Button asChild size="lg" variant="brand">
              <Link href={session ? "/accounts" : "/sign-in"}>
                {session ? "Open your accounts" : "Get started"}
                <ArrowRight aria-hidden="true" />
              </Link>
            </Button>
          </div>
        </section>
        <ul className="grid gap-4 sm:grid-cols-3">
          {features.map(({ Icon, title, body }) => (
            <li key={title} className="flex flex-col gap-3 rounded-xl border bg-card p-5 shadow-xs">
              <span
                aria-hidden="true"
                className="grid size-9 place-items-center rounded-lg bg-brand/10 text-brand"
              >
                <Icon className="size-5" />
              </span>
              <h2 className="font-medium">{title}</h2>
              <p className="text-sm text-muted-foreground">{body}</p>
            </li>
          ))}
        </ul>
      </main>
    </div>
  );
}
