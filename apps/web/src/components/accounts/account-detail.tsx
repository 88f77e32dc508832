"use client";

import type { DashboardOutputs } from "@adsconnect/api/dashboard";
import { Alert, AlertDescription, AlertTitle } from "@adsconnect/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@adsconnect/ui/card";
import { cn } from "@adsconnect/ui/cn";
import { DataTable } from "@adsconnect/ui/data-table";
import { TableCell, TableRow } from "@adsconnect/ui/table";
import { useSuspenseQuery } from "@tanstack/react-query";
import { CircleAlert, CircleOff, Clock, RefreshCwOff } from "lucide-react";

import { formatDate } from "@/components/time/format";
import { ExpiryCountdown, RelativeTime, useDaysSince } from "@/components/time/times";
import { useIsWorkspaceAdmin, useMayReconnect } from "@/components/workspaces/current-workspace";
import { useTRPC } from "@/trpc/react";

import { AccountActivity } from "./account-activity";
import { ConnectDialog } from "./connect-dialog";
import { connectedByLabel } from "./connected-by";
import { DspAdvertisers } from "./dsp-advertisers";
import { DisconnectButton } from "./disconnect-button";
import { RefreshHealthChart } from "./refresh-health-chart";
import {
  CONSENT_LIFETIME_DAYS,
  CONSENT_WARNING_DAYS,
  REGION_LABELS,
  REGIONS,
  STATUS_HELP,
} from "./status";
import { StatusBadge } from "./status-badge";

type Account = DashboardOutputs["accounts"]["get"];

export function AccountDetail({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const { data: account } = useSuspenseQuery(trpc.accounts.get.queryOptions({ accountId }));
  const name = account.amazonName ?? account.amazonEmail ?? account.amazonUserId;
  const consentDays = useDaysSince(account.consentedAt);
  // Disconnecting is an admin's; a member reconnects only an account that needs it.
  const admin = useIsWorkspaceAdmin();
  const mayReconnect = useMayReconnect(account.status);

  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="flex min-w-0 flex-col gap-1.5">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <h1 className="text-2xl font-semibold tracking-tight break-words">{name}</h1>
            <StatusBadge status={account.status} />
          </div>
          <p className="text-sm text-muted-foreground">
            {account.amazonEmail ?? "No email shared"}
            <span className="hidden sm:inline"> · </span>
            <span className="block font-mono text-xs break-all sm:inline">
              {account.amazonUserId}
            </span>
          </p>
          <p className="text-sm text-muted-foreground" data-connected-by>
            {connectedByLabel(account.connectedBy)}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {mayReconnect ? (
            <ConnectDialog
              mode="reconnect"
              accountName={name}
              accountId={account.id}
              defaultRegion={account.consentRegion}
              variant={
                account.status === "reauth_required" || account.status === "disconnected"
                  ? "brand"
                  : "outline"
              }
            />
          ) : null}
          {admin && account.status !== "disconnected" ? (
            <DisconnectButton
              accountId={account.id}
              accountName={name}
              profileCount={account.profiles.length}
            />
          ) : null}
        </div>
      </header>

      <StatusAlert account={account} consentDays={consentDays} />

      {/* Two columns on wide screens; on a phone one column, the grant's health first and the long lists after. */}
      <div className="flex flex-col gap-6 lg:grid lg:grid-cols-3 lg:items-start">
        <div className="contents lg:col-span-2 lg:flex lg:min-w-0 lg:flex-col lg:gap-6">
          <div className="order-2 min-w-0 lg:order-none">
            <Profiles account={account} />
          </div>
          <div className="order-3 min-w-0 lg:order-none">
            <DspAdvertisers profiles={account.profiles} />
          </div>
        </div>
        <div className="contents lg:flex lg:min-w-0 lg:flex-col lg:gap-6">
          <div className="order-1 min-w-0 lg:order-none">
            <TokenCard account={account} consentDays={consentDays} />
          </div>
          <div className="order-4 min-w-0 lg:order-none">
            <RefreshHealthChart accountId={account.id} />
          </div>
          <div className="order-5 min-w-0 lg:order-none">
            <AccountActivity accountId={account.id} />
          </div>
        </div>
      </div>
    </div>
  );
}

function StatusAlert({ account, consentDays }: { account: Account; consentDays: number }) {
  if (account.status === "reauth_required") {
    return (
      <Alert variant="destructive">
        <CircleAlert aria-hidden="true" />
        <AlertTitle>Reauthorization needed</AlertTitle>
        <AlertDescription>
          <p>
            Amazon no longer accepts this account&apos;s grant
            {account.lastErrorAt ? (
              <>
                {" "}
                (since <RelativeTime date={account.lastErrorAt} />)
              </>
            ) : null}
            , so its tokens were erased and internal apps cannot get tokens for it. Reconnect,
            signing in as the same Amazon user, to restore access.
          </p>
          {account.lastErrorMessage ? (
            <p className="text-xs">Amazon said: {account.lastErrorMessage}</p>
          ) : null}
        </AlertDescription>
      </Alert>
    );
  }
  if (account.status === "refresh_failing") {
    return (
      <Alert variant="warning">
        <RefreshCwOff aria-hidden="true" />
        <AlertTitle>Refresh failing</AlertTitle>
        <AlertDescription>
          <p>
            The last {account.consecutiveFailures} refreshes failed
            {account.lastErrorMessage ? `: ${account.lastErrorMessage}` : ""}. adsconnect keeps
            retrying with backoff; the current token works until it expires. If this lasts, check
            Amazon&apos;s status or reconnect.
          </p>
        </AlertDescription>
      </Alert>
    );
  }
  if (account.status === "disconnected") {
    return (
      <Alert>
        <CircleOff aria-hidden="true" />
        <AlertTitle>Disconnected</AlertTitle>
        <AlertDescription>
          <p>{STATUS_HELP.disconnected} Its profiles and history below are kept as they were.</p>
        </AlertDescription>
      </Alert>
    );
  }
  if (consentDays >= CONSENT_WARNING_DAYS) {
    const renewBy = new Date(
      new Date(account.consentedAt).getTime() + CONSENT_LIFETIME_DAYS * 86_400_000,
    );
    return (
      <Alert variant="warning">
        <Clock aria-hidden="true" />
        <AlertTitle>Consent is {consentDays} days old</AlertTitle>
        <AlertDescription>
          <p>
            Amazon grants last about a year. Reconnect before {formatDate(renewBy)} to renew it
            without a gap.
          </p>
        </AlertDescription>
      </Alert>
    );
  }
  return null;
}

function TokenCard({ account, consentDays }: { account: Account; consentDays: number }) {
  const consentShare = Math.min(100, Math.round((consentDays / CONSENT_LIFETIME_DAYS) * 100));
  const consentWarn = consentDays >= CONSENT_WARNING_DAYS;
  const live = account.status === "active" || account.status === "refresh_failing";
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle className="text-base">Grant and token</CardTitle>
        <CardDescription>{STATUS_HELP[account.status]}</CardDescription>
      </CardHeader>
      <CardContent>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-3 text-sm">
          <dt className="text-muted-foreground">Access token</dt>
          <dd className="text-right font-medium">
            {live ? (
              <ExpiryCountdown expiresAt={account.accessTokenExpiresAt} />
            ) : (
              <span className="text-muted-foreground">None</span>
            )}
          </dd>
          <dt className="text-muted-foreground">Last refreshed</dt>
          <dd className="text-right">
            <RelativeTime date={account.lastRefreshedAt} />
          </dd>
          <dt className="text-muted-foreground">Consent page</dt>
          <dd className="text-right">{REGION_LABELS[account.consentRegion]}</dd>
          <dt className="text-muted-foreground">Consent given</dt>
          <dd className="text-right">
            {formatDate(account.consentedAt)}
            <span
              className={cn(
                "block text-xs",
                consentWarn ? "font-medium text-warning" : "text-muted-foreground",
              )}
            >
              {consentDays === 0
                ? "today"
                : `${consentDays} ${consentDays === 1 ? "day" : "days"} ago`}
            </span>
          </dd>
        </dl>
        <div className="mt-3 flex flex-col gap-1.5">
          <div
            role="meter"
            aria-label="Consent age"
            aria-valuemin={0}
            aria-valuemax={CONSENT_LIFETIME_DAYS}
            aria-valuenow={Math.min(consentDays, CONSENT_LIFETIME_DAYS)}
            aria-valuetext={`${consentDays} of about ${CONSENT_LIFETIME_DAYS} days`}
            className="h-1.5 overflow-hidden rounded-full bg-muted"
          >
            <div
              className={cn("h-full rounded-full", consentWarn ? "bg-warning" : "bg-success")}
              style={{ width: `${Math.max(consentShare, 2)}%` }}
            />
          </div>
          <p className="text-xs text-muted-foreground">
            Consent lasts about a year; we warn from day {CONSENT_WARNING_DAYS}.
          </p>
        </div>
      </CardContent>
    </Card>
  );
}

function Profiles({ account }: { account: Account }) {
  const byRegion = REGIONS.map((region) => ({
    region,
    profiles: account.profiles.filter((profile) => profile.region === region),
  }));
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle className="text-base">Advertising profiles</CardTitle>
        <CardDescription>
          {account.profiles.length} {account.profiles.length === 1 ? "profile" : "profiles"} across{" "}
          {byRegion.filter((r) => r.profiles.length > 0).length} of 3 regions. One grant reaches
          them all.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-5">
        {byRegion.map(({ region, profiles }) => (
          <section
            key={region}
            aria-labelledby={`region-${region}`}
            className="flex flex-col gap-2"
          >
            <h3 id={`region-${region}`} className="flex items-center gap-2 text-sm font-medium">
              <span className="rounded border bg-muted px-1.5 py-px font-mono text-[11px]">
                {region}
              </span>
              {REGION_LABELS[region]}
              <span className="font-normal text-muted-foreground">
                · {profiles.length} {profiles.length === 1 ? "profile" : "profiles"}
              </span>
            </h3>
            {profiles.length === 0 ? (
              <p className="rounded-md border border-dashed px-3 py-2 text-sm text-muted-foreground">
                No advertising profiles in this region.
              </p>
            ) : (
              <DataTable
                label={`${REGION_LABELS[region]} profiles`}
                columns={["Profile", "Marketplace", "Type", "Currency", "Timezone"]}
              >
                {profiles.map((profile) => (
                  <TableRow key={profile.id}>
                    <TableCell className="min-w-44">
                      <span className="block font-medium">
                        {profile.accountInfoName ?? "Unnamed profile"}
                      </span>
                      <span className="font-mono text-xs text-muted-foreground">
                        {profile.profileId}
                      </span>
                    </TableCell>
                    <TableCell>
                      <span className="block">{profile.countryCode}</span>
                      <span className="font-mono text-xs text-muted-foreground">
                        {profile.marketplaceStringId}
                      </span>
                    </TableCell>
                    <TableCell className="capitalize">{profile.accountInfoType}</TableCell>
                    <TableCell>{profile.currencyCode}</TableCell>
                    <TableCell className="whitespace-nowrap">{profile.timezone}</TableCell>
                  </TableRow>
                ))}
              </DataTable>
            )}
          </section>
        ))}
      </CardContent>
    </Card>
  );
}
