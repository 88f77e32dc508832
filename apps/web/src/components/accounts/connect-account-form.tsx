"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

import { useTRPC } from "@/trpc/react";

import { REGION_LABELS } from "./status";

/** Starts a connection: asks which Amazon consent page to use, then sends the browser there. */
export function ConnectAccountForm({ label = "Connect account", defaultRegion = "NA" }: { label?: string; defaultRegion?: "NA" | "EU" | "FE" }) {
  const trpc = useTRPC();
  const [region, setRegion] = useState<"NA" | "EU" | "FE">(defaultRegion);
  const start = useMutation(
    trpc.accounts.startConnection.mutationOptions({
      onSuccess: ({ authorizationUrl }) => window.location.assign(authorizationUrl),
    }),
  );
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        start.mutate({ region });
      }}
    >
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">Amazon consent page</span>
        <select
          name="region"
          value={region}
          onChange={(event) => setRegion(event.target.value as "NA" | "EU" | "FE")}
          className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 dark:border-zinc-700 dark:bg-zinc-900"
        >
          {(Object.keys(REGION_LABELS) as (keyof typeof REGION_LABELS)[]).map((key) => (
            <option key={key} value={key}>
              {REGION_LABELS[key]} ({key})
            </option>
          ))}
        </select>
      </label>
      <button
        type="submit"
        disabled={start.isPending || start.isSuccess}
        className="rounded-md bg-zinc-900 px-4 py-2 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-60 dark:bg-white dark:text-zinc-900"
      >
        {start.isPending || start.isSuccess ? "Opening Amazon…" : label}
      </button>
      {start.error ? (
        <p role="alert" className="w-full text-sm text-red-700 dark:text-red-400">
          {start.error.message}
        </p>
      ) : null}
    </form>
  );
}
