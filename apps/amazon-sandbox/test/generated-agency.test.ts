import { describe, expect, it } from "vitest";
import { adsHeaders, connect, rawProfileIds, startSandbox } from "./support/sandbox";

const INT64_MAX = (1n << 63n) - 1n;

async function admin(url: string, body: unknown) {
  const res = await fetch(`${url}/__sandbox/users/agency`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

interface Described {
  userId: string;
  kind: string;
  profiles: { profileId: string; region: string; type: string; dspAdvertiserCount?: number }[];
}

describe("generated agencies (POST /__sandbox/users/agency)", () => {
  it("seeds a user with 2,000 profiles across the three regions, 5,000 DSP advertisers and an id above 2^63-1", async () => {
    const { url, base } = await startSandbox();
    const created = await admin(url, { profiles: 2000, advertisers: 5000, oversizedProfileIds: 1 });
    expect(created.status).toBe(200);
    const user = created.json as unknown as Described;
    expect(user.kind).toBe("generated-agency");
    expect(user.profiles).toHaveLength(2001);
    const regions = new Set(user.profiles.map((p) => p.region));
    expect([...regions].sort()).toEqual(["eu", "fe", "na"]);
    const advertisers = user.profiles.reduce((n, p) => n + (p.dspAdvertiserCount ?? 0), 0);
    expect(advertisers).toBe(5000);
    const oversized = user.profiles.filter((p) => BigInt(p.profileId) > INT64_MAX);
    expect(oversized).toHaveLength(1);
    expect(new Set(user.profiles.map((p) => p.profileId)).size).toBe(2001);

    // Signs in on the consent page like a seeded user; the Ads API serves it, ids as raw digits.
    const { access_token } = await connect(base("na"), user.userId);
    const listing = await fetch(`${base("na")}/v2/profiles`, { headers: adsHeaders(access_token) });
    expect(listing.status).toBe(200);
    const ids = rawProfileIds(await listing.text());
    const expectedNa = user.profiles.filter((p) => p.region === "na").map((p) => p.profileId);
    expect(ids.sort()).toEqual(expectedNa.sort());
    expect(ids).toContain(oversized[0]!.profileId);

    const agency = user.profiles.find((p) => p.region === "na" && p.type === "agency")!;
    const page = await fetch(`${base("na")}/dsp/advertisers?startIndex=0&count=100`, {
      headers: adsHeaders(access_token, { "amazon-advertising-api-scope": agency.profileId }),
    });
    expect(page.status).toBe(200);
    const body = (await page.json()) as { totalResults: number; response: unknown[] };
    expect(body.totalResults).toBe(agency.dspAdvertiserCount);
    expect(body.response).toHaveLength(Math.min(100, agency.dspAdvertiserCount!));
  });

  it("refuses sizes beyond its limits and advertisers without an agency profile", async () => {
    const { url } = await startSandbox();
    expect((await admin(url, { profiles: 10_001, advertisers: 0 })).status).toBe(400);
    expect((await admin(url, { profiles: 5, advertisers: 10, agencyProfiles: 0 })).status).toBe(
      400,
    );
    expect((await admin(url, { profiles: 2, advertisers: 0, agencyProfiles: 3 })).status).toBe(400);
    expect((await admin(url, { profiles: 1, advertisers: 0, extra: true })).status).toBe(400);
  });
});
