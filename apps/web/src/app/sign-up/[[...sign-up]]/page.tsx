import { SignUp } from "@clerk/nextjs";
import { redirect } from "next/navigation";

import { getAuthSettings } from "@/server/auth-settings";

export const metadata = { title: "Sign up" };

/** Local mode has no separate sign-up: signing in with a new email creates the person. */
export default function SignUpPage() {
  if (getAuthSettings().provider !== "clerk") redirect("/sign-in");
  return (
    <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center gap-6 px-6 py-12">
      <SignUp />
    </main>
  );
}
