import { SignIn } from "@clerk/nextjs";
import { redirect } from "next/navigation";

import { LocalSignInForm } from "@/components/local-sign-in-form";
import { Logo } from "@/components/shell/logo";
import { getAuthSettings } from "@/server/auth-settings";
import { getSession } from "@/server/session";

export const metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{
    error?: string;
    expired?: string;
    deleted?: string;
    redirect_url?: string;
  }>;
}) {
  const params = await searchParams;
  if (await getSession()) redirect("/accounts");
  const settings = getAuthSettings();
  return (
    <div className="flex min-h-dvh flex-col bg-background text-foreground">
      <header className="mx-auto w-full max-w-5xl px-6 py-5">
        <Logo href="/" />
      </header>
      <main className="mx-auto flex w-full max-w-sm flex-1 flex-col justify-center gap-6 px-6 pb-24">
        <div className="flex flex-col gap-1">
          <h1 className="text-2xl font-semibold tracking-tight">Sign in to adsconnect</h1>
          <p className="text-sm text-muted-foreground">
            See your Amazon Ads accounts, their health and your API keys.
          </p>
        </div>
        {params.deleted === "1" ? (
          <p role="status" className="text-sm text-muted-foreground">
            Your data was deleted and you were signed out. Signing in again starts afresh.
          </p>
        ) : null}
        {settings.provider === "clerk" ? (
          <SignIn />
        ) : (
          <LocalSignInForm
            error={params.error}
            expired={params.expired === "1"}
            redirectUrl={params.redirect_url}
          />
        )}
      </main>
    </div>
  );
}
