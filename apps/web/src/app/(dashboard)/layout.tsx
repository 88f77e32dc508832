import { Toaster } from "@adsconnect/ui/toast";
import { SignOutButton } from "@clerk/nextjs";
import { redirect } from "next/navigation";

import { ClerkDeleteMyData, LocalDeleteMyData } from "@/components/shell/delete-my-data";
import { Logo } from "@/components/shell/logo";
import { MainNav } from "@/components/shell/main-nav";
import { SignOutButtonLook, UserMenu } from "@/components/shell/user-menu";
import { ClockProvider } from "@/components/time/clock";
import { ClerkOrganizationSwitcher } from "@/components/workspaces/clerk-organization-switcher";
import { CurrentWorkspaceProvider } from "@/components/workspaces/current-workspace";
import { LocalWorkspaceSwitcher } from "@/components/workspaces/local-workspace-switcher";
import { WorkspaceRefused } from "@/components/workspaces/workspace-refused";
import { getAuthSettings } from "@/server/auth-settings";
import { currentWorkspace } from "@/server/current-workspace";
import { isOperator } from "@/server/operators";
import { getSession } from "@/server/session";

/**
 * Every dashboard page needs a signed-in person; each page and procedure still checks for itself.
 * The header's workspace switcher picks where pages act; a person removed from the workspace they
 * had picked sees why, and the switcher, instead of the page.
 */
export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const session = await getSession();
  if (!session) redirect("/sign-in");
  const local = getAuthSettings().provider === "local";
  const current = await currentWorkspace();
  return (
    <ClockProvider serverNow={Date.now()}>
      <div className="flex min-h-dvh flex-col bg-background text-foreground">
        <a
          href="#content"
          className="sr-only z-50 rounded-md bg-primary px-3 py-2 text-primary-foreground focus:not-sr-only focus:fixed focus:top-3 focus:left-3"
        >
          Skip to content
        </a>
        <header className="sticky top-0 z-40 border-b bg-background/85 backdrop-blur supports-[backdrop-filter]:bg-background/70">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2.5 sm:px-6">
            <Logo />
            {local ? (
              <LocalWorkspaceSwitcher currentId={current.workspace?.workspaceId ?? null} />
            ) : (
              <ClerkOrganizationSwitcher />
            )}
            <div className="order-last w-full sm:order-none sm:w-auto">
              <MainNav operator={isOperator(session)} />
            </div>
            <div className="ml-auto flex items-center gap-1">
              {local ? <LocalDeleteMyData /> : <ClerkDeleteMyData />}
              <UserMenu
                name={session.name ?? null}
                email={session.email}
                localSignOut={local}
                // With Clerk (whose provider the root layout renders only then), Clerk's own sign-out.
                signOut={
                  local ? null : (
                    <SignOutButton redirectUrl="/sign-in">
                      <SignOutButtonLook />
                    </SignOutButton>
                  )
                }
              />
            </div>
          </div>
        </header>
        <main id="content" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6 sm:py-10">
          {current.refused ? (
            <WorkspaceRefused reason={current.refused} />
          ) : (
            <CurrentWorkspaceProvider workspace={current.workspace ?? null}>
              {children}
            </CurrentWorkspaceProvider>
          )}
        </main>
        <Toaster position="bottom-right" />
      </div>
    </ClockProvider>
  );
}
