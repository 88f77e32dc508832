import { SignIn } from "@clerk/nextjs";
import { redirect } from "next/navigation";

import { LocalSignInForm } from "@/components/local-sign-in-form";
import { getAuthSettings } from "@/server/auth-settings";
import { getSession } from "@/server/session";

export const metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string; expired?: string; redirect_url?: string }>;
}) {
  const params = await searchParams;
  if (await getSession()) redirect("/accounts");
  const settings = getAuthSettings();
  return (
    <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center gap-6 px-6 py-12">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in to adsconnect</h1>
      {settings.provider === "clerk" ? (
        <SignIn />
      ) : (
        <LocalSignInForm error={params.error} expired={params.expired === "1"} redirectUrl={params.redirect_url} />
      )}
    </main>
  );
}
