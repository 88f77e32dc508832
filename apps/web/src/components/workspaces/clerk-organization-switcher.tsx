"use client";

import { OrganizationSwitcher } from "@clerk/nextjs";

/**
 * With Clerk, the active Organization is the workspace: Clerk's own switcher changes it (a new
 * session token names it), creates organizations and manages their members. It needs Clerk's
 * servers, so no offline test drives it.
 */
export function ClerkOrganizationSwitcher() {
  return (
    <OrganizationSwitcher
      hidePersonal={false}
      afterSelectOrganizationUrl="/accounts"
      afterSelectPersonalUrl="/accounts"
      afterCreateOrganizationUrl="/accounts"
    />
  );
}
