import "server-only";

import {
  createDashboardContext,
  dashboardRouter,
  type DashboardRouter,
} from "@adsconnect/api/dashboard";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { cache } from "react";

import { env } from "@/env";
import { getServices } from "@/server/services";
import { getDashboardIdentity } from "@/server/session";

import { createQueryClient } from "./query-client";

/** The same context as /api/trpc, built once per request for server components. */
const createContext = cache(async () =>
  createDashboardContext({
    services: getServices(),
    ...(await getDashboardIdentity()),
    adminUserIds: env.ADMIN_USER_IDS,
  }),
);

export const getQueryClient = cache(createQueryClient);

/**
 * The workspace this request acts in and the person's role there, from the same context the
 * procedures use: pages decide from it whether to render admin controls (the procedures still
 * refuse a member's changes on their own).
 */
export const getWorkspaceAccess = cache(async () => {
  const context = await createContext();
  await context.ensureUser();
  return await context.resolveWorkspace();
});

/**
 * In-process tRPC for server components:
 * `await getQueryClient().prefetchQuery(trpc.accounts.list.queryOptions())`, then `<HydrateClient>`.
 */
export const trpc = createTRPCOptionsProxy<DashboardRouter>({
  router: dashboardRouter,
  ctx: createContext,
  queryClient: getQueryClient,
});

export function HydrateClient({ children }: { children: React.ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
