import "server-only";

import { appRouter, createTRPCContext, type AppRouter } from "@adsconnect/api";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache } from "react";

import { getServices } from "@/server/services";
import { getSession } from "@/server/session";

import { createQueryClient } from "./query-client";

/** The same context as /api/trpc, built once per request for server components. */
const createContext = cache(async () =>
  createTRPCContext({
    services: getServices(),
    headers: new Headers(await headers()),
    session: await getSession(),
  }),
);

export const getQueryClient = cache(createQueryClient);

/**
 * In-process tRPC for server components:
 * `await getQueryClient().prefetchQuery(trpc.accounts.list.queryOptions())`, then `<HydrateClient>`.
 */
export const trpc = createTRPCOptionsProxy<AppRouter>({
  router: appRouter,
  ctx: createContext,
  queryClient: getQueryClient,
});

export function HydrateClient({ children }: { children: React.ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
