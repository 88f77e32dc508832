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
