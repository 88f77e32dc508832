"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";

import { useTRPC } from "@/trpc/react";

import { REGION_LABELS } from "./status";
import { StatusBadge } from "./status-badge";

export function AccountsList() {
  const trpc = useTRPC();
  const { data: accounts } = useSuspenseQuery(trpc.accounts.list.queryOptions());
  if (accounts.length === 0) {
    return (
      <section className="rounded-xl border border-dashed border-zinc-300 p-8 text-center dark:border-zinc-700">
        <h2 className="font-medium">No accounts connected yet</h2>
        <p className="mx-auto mt-2 max-w-prose text-sm text-zinc-600 dark:text-zinc-400">
          Connecting sends you to Amazon to approve access once. adsconnect then finds your advertising profiles in North
          America, Europe and the Far East, and keeps the account&apos;s tokens fresh so your reports and tools never have to.
        </p>
      </section>
    );
  }
  return (
    <ul className="flex flex-col gap-3" aria-label="Connected Amazon accounts">
      {accounts.map((account) => (
        <li key={account.id}>
          <Link
            href={`/accounts/${account.id}`}
            className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-zinc-200 p-4 hover:border-zinc-400 dark:border-zinc-800 dark:hover:border-zinc-600"
          >
            <div className="flex flex-col gap-1">
              <span className="font-medium">{account.amazonName ?? account.amazonEmail ?? account.amazonUserId}</span>
              <span className="text-sm text-zinc-600 dark:text-zinc-400">
                {account.profiles.length} {account.profiles.length === 1 ? "profile" : "profiles"}
                {account.regions.length > 0 ? ` · ${account.regions.map((region) => REGION_LABELS[region]).join(", ")}` : ""}
              </span>
            </div>
            <StatusBadge status={account.status} />
          </Link>
        </li>
      ))}
    </ul>
  );
}
