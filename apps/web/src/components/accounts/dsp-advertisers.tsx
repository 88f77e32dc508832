"use client";

import type { DashboardOutputs } from "@adsconnect/api/dashboard";
import { Button } from "@adsconnect/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@adsconnect/ui/card";
import { DataTable } from "@adsconnect/ui/data-table";
import { Input } from "@adsconnect/ui/input";
import { Label } from "@adsconnect/ui/label";
import { TableCell, TableRow } from "@adsconnect/ui/table";
import { Search } from "lucide-react";
import { useId, useMemo, useState } from "react";

import { REGION_LABELS } from "./status";

type Profile = DashboardOutputs["accounts"]["get"]["profiles"][number];

const FIRST = 10;

/** The DSP advertisers of each agency profile, searchable. */
export function DspAdvertisers({ profiles }: { profiles: Profile[] }) {
  const agencies = profiles.filter((profile) => profile.accountInfoType === "agency");
  const total = agencies.reduce((sum, profile) => sum + profile.dspAdvertisers.length, 0);
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle className="text-base">DSP advertisers</CardTitle>
        <CardDescription>
          {agencies.length === 0
            ? "DSP advertisers come with agency profiles; this account has none."
            : `${total} ${total === 1 ? "advertiser" : "advertisers"} through ${agencies.length} agency ${agencies.length === 1 ? "profile" : "profiles"}.`}
        </CardDescription>
      </CardHeader>
      {agencies.length > 0 ? (
        <CardContent className="flex flex-col gap-6">
          {agencies.map((profile) => (
            <AgencyAdvertisers key={profile.id} profile={profile} />
          ))}
        </CardContent>
      ) : null}
    </Card>
  );
}

function AgencyAdvertisers({ profile }: { profile: Profile }) {
  const id = useId();
  const [query, setQuery] = useState("");
  const [showAll, setShowAll] = useState(false);
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q
      ? profile.dspAdvertisers.filter(
          (a) => a.name.toLowerCase().includes(q) || a.advertiserId.includes(q),
        )
      : profile.dspAdvertisers;
  }, [profile.dspAdvertisers, query]);
  const shown = showAll || query ? matches : matches.slice(0, FIRST);
  const heading = `${profile.accountInfoName ?? "Agency"} (${REGION_LABELS[profile.region]})`;
  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-3">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end sm:justify-between">
        <h3 id={`${id}-title`} className="text-sm font-medium">
          {heading}{" "}
          <span className="font-normal text-muted-foreground">
            · {profile.dspAdvertisers.length} advertisers
          </span>
        </h3>
        <div className="relative sm:w-64">
          <Label htmlFor={`${id}-search`} className="sr-only">
            Search advertisers of {heading}
          </Label>
          <Search
            aria-hidden="true"
            className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-muted-foreground"
          />
          <Input
            id={`${id}-search`}
            type="search"
            placeholder="Search by name or id"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            className="pl-8"
          />
        </div>
      </div>
      <DataTable
        label={`Table of advertisers of ${heading}`}
        columns={["Advertiser", "Id", "Country", "Currency"]}
      >
        {shown.length === 0 ? (
          <TableRow>
            <TableCell colSpan={4} className="text-center text-muted-foreground">
              No advertiser matches “{query}”.
            </TableCell>
          </TableRow>
        ) : (
          shown.map((advertiser) => (
            <TableRow key={advertiser.advertiserId}>
              <TableCell className="font-medium whitespace-nowrap">{advertiser.name}</TableCell>
              <TableCell className="font-mono text-xs text-muted-foreground">
                {advertiser.advertiserId}
              </TableCell>
              <TableCell>{advertiser.country ?? "—"}</TableCell>
              <TableCell>{advertiser.currency ?? "—"}</TableCell>
            </TableRow>
          ))
        )}
      </DataTable>
      <p aria-live="polite" className="sr-only">
        {query ? `${matches.length} advertisers match` : ""}
      </p>
      {!query && matches.length > FIRST ? (
        <Button
          variant="ghost"
          size="sm"
          className="self-start"
          onClick={() => setShowAll((value) => !value)}
          aria-expanded={showAll}
        >
          {showAll ? `Show the first ${FIRST}` : `Show all ${matches.length} advertisers`}
        </Button>
      ) : null}
    </section>
  );
}
