"use client";

import { Button } from "@adsconnect/ui/button";
import { Card, CardContent } from "@adsconnect/ui/card";
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@adsconnect/ui/dropdown-menu";
import { Label } from "@adsconnect/ui/label";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "@adsconnect/ui/select";
import { useSuspenseInfiniteQuery, useSuspenseQuery } from "@tanstack/react-query";
import { ChevronDown, Filter, Loader2, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition } from "react";

import { useTRPC } from "@/trpc/react";

import { ActivityItem } from "./activity-item";
import { ACTIVITY_META, ACTIVITY_TYPE_ORDER, type ActivityType } from "./activity-meta";
import {
  activityHref,
  activityInput,
  activityPaging,
  type ActivityFilters,
} from "./activity-filters";

const ALL = "all";

export function ActivityFeed({ filters }: { filters: ActivityFilters }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [navigating, startTransition] = useTransition();
  const { data: accounts } = useSuspenseQuery(trpc.accounts.list.queryOptions());
  const { data, fetchNextPage, hasNextPage, isFetchingNextPage } = useSuspenseInfiniteQuery(
    trpc.activity.list.infiniteQueryOptions(activityInput(filters), activityPaging),
  );
  const events = data.pages.flatMap((page) => page.items);
  const selectedTypes = filters.types ?? [];
  const filtered = Boolean(filters.accountId) || selectedTypes.length > 0;

  function go(next: ActivityFilters) {
    startTransition(() => router.push(activityHref(next), { scroll: false }));
  }
  function toggleType(type: ActivityType, on: boolean) {
    const types = on ? [...selectedTypes, type] : selectedTypes.filter((t) => t !== type);
    go({ ...filters, types: ACTIVITY_TYPE_ORDER.filter((t) => types.includes(t)) });
  }

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-end">
        <div className="flex flex-col gap-2">
          <Label htmlFor="activity-account">Account</Label>
          <Select
            value={filters.accountId ?? ALL}
            onValueChange={(value) =>
              go({ ...filters, accountId: value === ALL ? undefined : value })
            }
          >
            <SelectTrigger id="activity-account" className="w-full sm:w-64">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ALL}>All accounts</SelectItem>
              {accounts.map((account) => (
                <SelectItem key={account.id} value={account.id}>
                  {account.amazonName ?? account.amazonEmail ?? account.amazonUserId}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        <div className="flex flex-col gap-2">
          <span className="text-sm leading-none font-medium" id="activity-type-label">
            Type
          </span>
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button
                variant="outline"
                className="w-full justify-between font-normal sm:w-56"
                aria-labelledby="activity-type-label activity-type-value"
              >
                <span id="activity-type-value" className="flex items-center gap-2">
                  <Filter aria-hidden="true" className="opacity-60" />
                  {selectedTypes.length === 0
                    ? "All types"
                    : selectedTypes.length === 1
                      ? ACTIVITY_META[selectedTypes[0]!].label
                      : `${selectedTypes.length} types`}
                </span>
                <ChevronDown aria-hidden="true" className="opacity-60" />
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="start" className="w-60">
              <DropdownMenuLabel>Show events of type</DropdownMenuLabel>
              {ACTIVITY_TYPE_ORDER.map((type) => (
                <DropdownMenuCheckboxItem
                  key={type}
                  checked={selectedTypes.includes(type)}
                  onCheckedChange={(on) => toggleType(type, on === true)}
                  onSelect={(event) => event.preventDefault()}
                >
                  {ACTIVITY_META[type].label}
                </DropdownMenuCheckboxItem>
              ))}
              {selectedTypes.length > 0 ? (
                <>
                  <DropdownMenuSeparator />
                  <DropdownMenuItem onSelect={() => go({ ...filters, types: [] })}>
                    Show all types
                  </DropdownMenuItem>
                </>
              ) : null}
            </DropdownMenuContent>
          </DropdownMenu>
        </div>
        {filtered ? (
          <Button variant="ghost" onClick={() => go({})} className="self-start sm:self-auto">
            <X aria-hidden="true" />
            Clear filters
          </Button>
        ) : null}
        {navigating ? (
          <Loader2
            aria-label="Updating"
            className="size-4 animate-spin self-center text-muted-foreground"
          />
        ) : null}
      </div>

      <Card className="py-5" aria-busy={navigating}>
        <CardContent className="flex flex-col gap-4">
          <p className="text-xs text-muted-foreground" aria-live="polite">
            {events.length === 0
              ? filtered
                ? "No events match these filters."
                : "Nothing has happened yet. Connecting an account or creating an API key shows up here."
              : `${events.length}${hasNextPage ? "+" : ""} ${events.length === 1 ? "event" : "events"}${filtered ? " matching the filters" : ""}, newest first`}
          </p>
          {events.length > 0 ? (
            <ol aria-label="Activity">
              {events.map((event) => (
                <ActivityItem key={event.id} event={event} />
              ))}
            </ol>
          ) : null}
          {hasNextPage ? (
            <Button
              variant="outline"
              className="self-center"
              onClick={() => void fetchNextPage()}
              disabled={isFetchingNextPage}
            >
              {isFetchingNextPage ? <Loader2 aria-hidden="true" className="animate-spin" /> : null}
              Load older events
            </Button>
          ) : null}
        </CardContent>
      </Card>
    </div>
  );
}
