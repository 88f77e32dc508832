export const STATUS_LABELS = {
  active: "Active",
  refresh_failing: "Refresh failing",
  reauth_required: "Reauthorization needed",
  disconnected: "Disconnected",
} as const;

export const STATUS_STYLES: Record<keyof typeof STATUS_LABELS, string> = {
  active: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  refresh_failing: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  reauth_required: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
  disconnected: "bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200",
};

export const REGION_LABELS = { NA: "North America", EU: "Europe", FE: "Far East" } as const;
