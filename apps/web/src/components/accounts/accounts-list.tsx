"use client";

import type { DashboardOutputs } from "@adsconnect/api/dashboard";
import { Card } from "@adsconnect/ui/card";
import { cn } from "@adsconnect/ui/cn";
import { useSuspenseQuery } from "@tanstack/react-query";
import { ChevronRight, Globe2, KeyRound, ShieldCheck } from "lucide-react";
import Link from "next/link";

import { useNow } from "@/components/time/clock";
import { daysSince } from "@/components/time/format";
import { ExpiryCountdown, RelativeTime } from "@/components/time/times";
import { useTRPC } from "@/trpc/react";

import { ConnectDialog } from "./connect-dialog";
import { connectedByLabel } from "./connected-by";
import { CONSENT_WARNING_DAYS, REGIONS, STATUS_LABELS, type AccountStatus } from "./status";
import { StatusBadge } from "./status-badge";

type Account = DashboardOutputs["accounts"]["list"][number];

const COLUMNS =
  "md:grid md:grid-cols-[minmax(0,2.2fr)_minmax(0,1.4fr)_minmax(0,1fr)_minmax(0,1.1fr)_minmax(0,1fr)_4.5rem_1.25rem] md:items-center md:gap-4";

export function AccountsList() {
  const trpc = useTRPC();
  const { data: accounts } = useSuspenseQuery(trpc.accounts.list.queryOptions());
  if (accounts.length === 0) return <EmptyAccounts />;
  return (
    <div className="flex flex-col gap-6">
      <Summary accounts={accounts} />
      <Card className="gap-0 overflow-hidden py-0">
        <div
          aria-hidden="true"
          className={cn(
            "hidden border-b bg-muted/40 px-5 py-2.5 text-xs font-medium text-muted-foreground",
            COLUMNS,
          )}
        >
          <span>Account</span>
          <span>Status</span>
          <span>Regions</span>
          <span>Token expires</span>
          <span>Last refreshed</span>
          <span className="text-right">Profiles</span>
          <span />
        </div>
        <ul aria-label="Connected Amazon accounts" className="divide-y">
          {accounts.map((account) => (
            <AccountRow key={account.id} account={account} />
          ))}
        </ul>
      </Card>
    </div>
  );
}

function accountName(account: Pick<Account, "amazonName" | "amazonEmail" | "amazonUserId">) {
  return account.amazonName ?? account.amazonEmail ?? account.amazonUserId;
}

function AccountRow({ account }: { account: Account }) {
  const name = accountName(account);
  return (
    <li
      className={cn(
        "relative grid grid-cols-2 gap-x-4 gap-y-3 px-5 py-4 transition-colors focus-within:bg-accent/50 hover:bg-accent/50",
        COLUMNS,
      )}
    >
      <div className="min-w-0">
        {/* The whole row is one link target: the name's link stretches over it. */}
        <Link
          href={`/accounts/${account.id}`}
          className="block truncate font-medium outline-none after:absolute after:inset-0 after:content-[''] focus-visible:underline"
        >
          {name}
        </Link>
        <p className="truncate text-xs text-muted-foreground">
          {account.amazonEmail ?? account.amazonUserId}
        </p>
        <p className="truncate text-xs text-muted-foreground" data-connected-by>
          {connectedByLabel(account.connectedBy)}
        </p>
      </div>
      <div className="flex min-w-0 flex-col items-end gap-1 md:items-start">
        <span className="sr-only">Status: </span>
        <StatusBadge status={account.status} />
        <ConsentNote account={account} />
      </div>
      <Field label="Regions">
        {account.regions.length === 0 ? (
          <span className="text-muted-foreground">None</span>
        ) : (
          <span className="flex flex-wrap gap-1">
            {REGIONS.filter((region) => account.regions.includes(region)).map((region) => (
              <span
                key={region}
                className="rounded border bg-card px-1.5 py-px font-mono text-[11px] font-medium"
              >
                {region}
              </span>
            ))}
          </span>
        )}
      </Field>
      <Field label="Token expires">
        {account.status === "active" || account.status === "refresh_failing" ? (
          <ExpiryCountdown expiresAt={account.accessTokenExpiresAt} />
        ) : (
          <span className="text-muted-foreground">
            {account.status === "disconnected" ? "Disconnected" : "Needs reconnect"}
          </span>
        )}
      </Field>
      <Field label="Last refreshed">
        <RelativeTime date={account.lastRefreshedAt} />
      </Field>
      <Field label="Profiles" className="md:items-end">
        <span className="tabular-nums">{account.profiles.length}</span>
      </Field>
      <ChevronRight aria-hidden="true" className="hidden size-4 text-muted-foreground md:block" />
    </li>
  );
}

function Field({
  label,
  className = "",
  children,
}: {
  label: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div className={cn("flex min-w-0 flex-col gap-1 text-sm", className)}>
      <span className="text-xs text-muted-foreground md:sr-only">{label}</span>
      {children}
    </div>
  );
}

/** A grant still in use whose consent is close to a year old. */
function consentAgeing(account: Account, now: number) {
  return (
    (account.status === "active" || account.status === "refresh_failing") &&
    daysSince(account.consentedAt, now) >= CONSENT_WARNING_DAYS
  );
}

function ConsentNote({ account }: { account: Account }) {
  const now = useNow();
  if (!consentAgeing(account, now)) return null;
  return (
    <span className="text-xs font-medium text-warning">
      Consent {daysSince(account.consentedAt, now)} days old
    </span>
  );
}

function Summary({ accounts }: { accounts: Account[] }) {
  const counts = accounts.reduce<Record<AccountStatus, number>>(
    (acc, account) => ({ ...acc, [account.status]: acc[account.status] + 1 }),
    { active: 0, refresh_failing: 0, reauth_required: 0, disconnected: 0 },
  );
  const now = useNow();
  const ageing = accounts.filter((account) => consentAgeing(account, now)).length;
  const attention = counts.refresh_failing + counts.reauth_required + ageing;
  const attentionParts = [
    counts.reauth_required ? `${counts.reauth_required} to reconnect` : null,
    counts.refresh_failing ? `${counts.refresh_failing} failing` : null,
    ageing ? `${ageing} ${ageing === 1 ? "consent" : "consents"} near a year` : null,
  ].filter(Boolean);
  const profiles = accounts.reduce((sum, account) => sum + account.profiles.length, 0);
  const items = [
    {
      label: "Accounts",
      value: accounts.length,
      hint: `${counts.active} ${STATUS_LABELS.active.toLowerCase()}`,
    },
    {
      label: "Need attention",
      value: attention,
      hint: attention === 0 ? "All grants healthy" : attentionParts.join(", "),
      tone: attention > 0 ? "text-destructive" : "",
    },
    { label: "Profiles", value: profiles, hint: "Advertising profiles across NA, EU and FE" },
  ];
  return (
    <dl className="grid grid-cols-3 gap-2 sm:gap-3">
      {items.map((item) => (
        <Card key={item.label} className="gap-1 px-3 py-3 sm:px-5 sm:py-4">
          <dt className="text-xs font-medium text-muted-foreground">{item.label}</dt>
          <dd className={cn("text-xl font-semibold tabular-nums sm:text-2xl", item.tone)}>
            {item.value}
          </dd>
          <dd className="hidden text-xs text-muted-foreground sm:block">{item.hint}</dd>
        </Card>
      ))}
    </dl>
  );
}

function EmptyAccounts() {
  const points = [
    {
      Icon: ShieldCheck,
      text: "You approve access once at Amazon; adsconnect never sees your Amazon password.",
    },
    {
      Icon: Globe2,
      text: "We find your advertising profiles in North America, Europe and the Far East, and your DSP advertisers.",
    },
    {
      Icon: KeyRound,
      text: "Access tokens are refreshed before they expire and stored encrypted, so reports and tools always work.",
    },
  ];
  return (
    <Card className="items-center gap-6 border-dashed px-6 py-12 text-center">
      <div className="flex flex-col items-center gap-2">
        <h2 className="text-lg font-semibold">No accounts connected yet</h2>
        <p className="max-w-prose text-sm text-muted-foreground">
          Connect an Amazon Ads account to see its health, profiles and advertisers here.
        </p>
      </div>
      <ul className="grid max-w-3xl gap-4 text-left sm:grid-cols-3">
        {points.map(({ Icon, text }) => (
          <li key={text} className="flex gap-3 rounded-lg bg-muted/50 p-4 text-sm">
            <Icon aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-brand" />
            <span>{text}</span>
          </li>
        ))}
      </ul>
      <ConnectDialog />
    </Card>
  );
}
