"use client";

import type { DashboardOutputs } from "@adsconnect/api/dashboard";
import { Card } from "@adsconnect/ui/card";
import { DataTable } from "@adsconnect/ui/data-table";
import { SectionCard } from "@adsconnect/ui/section-card";
import { TableCell, TableRow } from "@adsconnect/ui/table";
import { useSuspenseQuery } from "@tanstack/react-query";
import { Webhook } from "lucide-react";
import Link from "next/link";

import { useTRPC } from "@/trpc/react";

import { DisabledBanner } from "./disabled-banner";
import { EndpointStatusBadge } from "./endpoint-status-badge";
import { describeEventTypes } from "./event-types";
import { LastAttempt } from "./last-attempt";

type Endpoint = DashboardOutputs["webhooks"]["listEndpoints"][number];

/** The workspace's endpoints, with a banner for each disabled one saying why. */
export function EndpointsList({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const { data: endpoints } = useSuspenseQuery(trpc.webhooks.listEndpoints.queryOptions());
  const disabled = endpoints.filter((endpoint) => endpoint.status === "disabled");
  if (endpoints.length === 0) return <NoEndpoints canManage={canManage} />;
  return (
    <div className="flex flex-col gap-4">
      {disabled.map((endpoint) => (
        <DisabledBanner
          key={endpoint.id}
          url={endpoint.url}
          reason={endpoint.disabledReason}
          failingSince={endpoint.failingSince}
          canManage={canManage}
          action={
            <Link className="font-medium underline" href={`/webhooks/${endpoint.id}`}>
              Open {endpoint.description || "the endpoint"}
            </Link>
          }
        />
      ))}
      <SectionCard
        title="Endpoints"
        description={`${endpoints.length - disabled.length} active, ${disabled.length} disabled.`}
      >
        <DataTable label="Webhook endpoints" columns={["URL", "Events", "Status", "Last attempt"]}>
          {endpoints.map((endpoint) => (
            <EndpointRow key={endpoint.id} endpoint={endpoint} />
          ))}
        </DataTable>
      </SectionCard>
    </div>
  );
}

function EndpointRow({ endpoint }: { endpoint: Endpoint }) {
  return (
    <TableRow data-endpoint-id={endpoint.id}>
      <TableCell className="max-w-80">
        <Link
          href={`/webhooks/${endpoint.id}`}
          className="block font-mono text-xs font-medium break-all underline-offset-4 hover:underline focus-visible:underline"
        >
          {endpoint.url}
        </Link>
        {endpoint.description ? (
          <p className="mt-0.5 text-xs text-muted-foreground">{endpoint.description}</p>
        ) : null}
      </TableCell>
      <TableCell className="max-w-64 text-xs">{describeEventTypes(endpoint.eventTypes)}</TableCell>
      <TableCell>
        <EndpointStatusBadge status={endpoint.status} />
      </TableCell>
      <TableCell className="text-xs whitespace-nowrap">
        <LastAttempt attempt={endpoint.lastAttempt} />
      </TableCell>
    </TableRow>
  );
}

function NoEndpoints({ canManage }: { canManage: boolean }) {
  return (
    <Card className="items-center gap-2 py-12 text-center">
      <Webhook aria-hidden="true" className="size-8 text-muted-foreground" />
      <h2 className="text-lg font-semibold">No endpoints yet</h2>
      <p className="max-w-md text-sm text-muted-foreground">
        {canManage
          ? "Add an endpoint and your internal apps hear when an account is connected, starts failing, needs reauthorization or is disconnected, instead of finding out when a token hand-out fails."
          : "An admin of this workspace can add one, so internal apps hear when an account changes."}
      </p>
    </Card>
  );
}
