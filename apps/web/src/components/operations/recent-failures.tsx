"use client";

import { Badge } from "@adsconnect/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@adsconnect/ui/card";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@adsconnect/ui/table";
import { useSuspenseQuery } from "@tanstack/react-query";

import { RelativeTime } from "@/components/time/times";
import { useTRPC } from "@/trpc/react";

import { RECENT_FAILURES_LIMIT } from "./query-inputs";

const TYPE_LABELS = {
  token_refresh_failed: "Refresh failing",
  reauth_required: "Grant refused",
} as const;

/**
 * The latest refresh failures across every tenant: when, what Amazon answered, and Amazon's
 * request id to quote to Amazon's support. No person, account or token is named.
 */
export function RecentFailures() {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(
    trpc.operations.recentFailures.queryOptions({ limit: RECENT_FAILURES_LIMIT }),
  );
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle className="text-base">Recent failures</CardTitle>
        <CardDescription>
          The last {RECENT_FAILURES_LIMIT}, newest first, with Amazon&apos;s error code and request
          id
        </CardDescription>
      </CardHeader>
      <CardContent>
        {data.length === 0 ? (
          <p className="text-sm text-muted-foreground">No refresh has failed.</p>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>When</TableHead>
                <TableHead>What</TableHead>
                <TableHead>Amazon code</TableHead>
                <TableHead>Amazon request id</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.map((failure, index) => (
                <TableRow key={`${failure.at}-${index}`}>
                  <TableCell className="whitespace-nowrap">
                    <RelativeTime date={failure.at} />
                  </TableCell>
                  <TableCell>
                    <span className="flex items-center gap-2">
                      <Badge
                        variant={failure.type === "reauth_required" ? "destructive" : "warning"}
                      >
                        {TYPE_LABELS[failure.type]}
                      </Badge>
                      {failure.held ? <Badge variant="outline">Held by breaker</Badge> : null}
                    </span>
                  </TableCell>
                  <TableCell>
                    <code className="font-mono text-xs">{failure.code ?? "—"}</code>
                  </TableCell>
                  <TableCell>
                    {failure.requestId ? (
                      <code className="font-mono text-xs break-all">{failure.requestId}</code>
                    ) : (
                      <span className="text-muted-foreground">None sent</span>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
