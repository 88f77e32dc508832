"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";

import { useTRPC } from "@/trpc/react";

import { ConnectAccountForm } from "./connect-account-form";
import { REGION_LABELS } from "./status";
import { StatusBadge } from "./status-badge";

export function AccountDetail({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: account } = useSuspenseQuery(trpc.accounts.get.queryOptions({ accountId }));
  const [confirming, setConfirming] = useState(false);
  const disconnect = useMutation(
    trpc.accounts.disconnect.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        await queryClient.invalidateQueries({ queryKey: trpc.accounts.pathKey() });
      },
    }),
  );
  const regions = (["NA", "EU", "FE"] as const).map((region) => ({
    region,
    profiles: account.profiles.filter((profile) => profile.region === region),
  }));

  return (
    <div className="flex flex-col gap-8">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="flex flex-col gap-1">
          <h1 className="text-2xl font-semibold tracking-tight">{account.amazonName ?? account.amazonUserId}</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {account.amazonEmail ?? "No email shared"} · consent given on {new Date(account.consentedAt).toLocaleDateString()} through
            the {REGION_LABELS[account.consentRegion]} page
          </p>
          <div>
            <StatusBadge status={account.status} />
          </div>
          {account.lastErrorMessage && account.status !== "active" ? (
            <p className="text-sm text-red-700 dark:text-red-400">Last error: {account.lastErrorMessage}</p>
          ) : null}
        </div>
        <div className="flex flex-col items-end gap-3">
          <ConnectAccountForm label="Reconnect" defaultRegion={account.consentRegion} />
          {account.status !== "disconnected" ? (
            confirming ? (
              <div role="alertdialog" aria-labelledby="disconnect-title" className="max-w-sm rounded-lg border border-red-300 p-3 text-sm dark:border-red-800">
                <p id="disconnect-title" className="font-medium">Disconnect this account?</p>
                <p className="mt-1 text-zinc-600 dark:text-zinc-400">
                  Its Amazon tokens are erased at once and internal apps lose access. Profiles and history stay; reconnect any time.
                </p>
                <div className="mt-3 flex gap-2">
                  <button
                    type="button"
                    onClick={() => disconnect.mutate({ accountId })}
                    disabled={disconnect.isPending}
                    className="rounded-md bg-red-700 px-3 py-1.5 font-medium text-white disabled:opacity-60"
                  >
                    {disconnect.isPending ? "Disconnecting…" : "Disconnect"}
                  </button>
                  <button type="button" onClick={() => setConfirming(false)} className="rounded-md border border-zinc-300 px-3 py-1.5 dark:border-zinc-700">
                    Keep connected
                  </button>
                </div>
              </div>
            ) : (
              <button type="button" onClick={() => setConfirming(true)} className="rounded-md border border-red-300 px-3 py-1.5 text-sm text-red-800 dark:border-red-800 dark:text-red-300">
                Disconnect…
              </button>
            )
          ) : null}
        </div>
      </header>

      {regions.map(({ region, profiles }) => (
        <section key={region} aria-labelledby={`region-${region}`} className="flex flex-col gap-3">
          <h2 id={`region-${region}`} className="text-lg font-medium">
            {REGION_LABELS[region]} <span className="text-sm font-normal text-zinc-500">({profiles.length})</span>
          </h2>
          {profiles.length === 0 ? (
            <p className="text-sm text-zinc-500">No advertising profiles in this region.</p>
          ) : (
            <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
              <table className="w-full text-left text-sm">
                <thead className="bg-zinc-50 text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
                  <tr>
                    <th scope="col" className="px-3 py-2 font-medium">Profile</th>
                    <th scope="col" className="px-3 py-2 font-medium">Marketplace</th>
                    <th scope="col" className="px-3 py-2 font-medium">Type</th>
                    <th scope="col" className="px-3 py-2 font-medium">Currency</th>
                    <th scope="col" className="px-3 py-2 font-medium">Timezone</th>
                    <th scope="col" className="px-3 py-2 font-medium">DSP advertisers</th>
                  </tr>
                </thead>
                <tbody>
                  {profiles.map((profile) => (
                    <tr key={profile.id} className="border-t border-zinc-200 align-top dark:border-zinc-800">
                      <td className="px-3 py-2">
                        <span className="block">{profile.accountInfoName ?? "Unnamed"}</span>
                        <span className="font-mono text-xs text-zinc-500">{profile.profileId}</span>
                      </td>
                      <td className="px-3 py-2">{profile.countryCode}</td>
                      <td className="px-3 py-2 capitalize">{profile.accountInfoType}</td>
                      <td className="px-3 py-2">{profile.currencyCode}</td>
                      <td className="px-3 py-2">{profile.timezone}</td>
                      <td className="px-3 py-2">
                        {profile.accountInfoType === "agency" ? (
                          <details>
                            <summary className="cursor-pointer">{profile.dspAdvertisers.length} advertisers</summary>
                            <ul className="mt-2 max-h-64 overflow-y-auto text-xs">
                              {profile.dspAdvertisers.map((advertiser) => (
                                <li key={advertiser.advertiserId}>
                                  {advertiser.name} <span className="font-mono text-zinc-500">{advertiser.advertiserId}</span>
                                </li>
                              ))}
                            </ul>
                          </details>
                        ) : (
                          <span className="text-zinc-500">—</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </div>
  );
}
