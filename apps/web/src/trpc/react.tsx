"use client";

import type { DashboardRouter } from "@adsconnect/api";
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchStreamLink, loggerLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState } from "react";
import SuperJSON from "superjson";

import { createQueryClient } from "./query-client";

let browserQueryClient: QueryClient | undefined;
function getQueryClient() {
  // On the server, a new client per request; in the browser, one for the page's life.
  if (typeof window === "undefined") return createQueryClient();
  return (browserQueryClient ??= createQueryClient());
}

export const { useTRPC, TRPCProvider } = createTRPCContext<DashboardRouter>();

/** `logEveryCall`: log every call in the console (development); otherwise failures only. */
export function TRPCReactProvider({
  children,
  logEveryCall,
}: {
  children: React.ReactNode;
  logEveryCall: boolean;
}) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<DashboardRouter>({
      links: [
        loggerLink({
          enabled: (op) => logEveryCall || (op.direction === "down" && op.result instanceof Error),
        }),
        httpBatchStreamLink({
          transformer: SuperJSON,
          url: "/api/trpc",
          // The server refuses batches of more (packages/api's MAX_BATCH_SIZE).
          maxItems: 50,
          headers: () => ({ "x-trpc-source": "nextjs-react" }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
