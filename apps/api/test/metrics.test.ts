// The machine API's /metrics (METRICS_TOKEN), on its bundle started as Railway starts it: refused
// without the token; with it, hand-outs by outcome, Ads API proxy calls by outcome, the inline
// refresh and its call to Amazon — and no account id, email, key or token in any label.
import { createAdsConnectClient } from "@adsconnect/client";
import { parsePrometheusText, type ParsedMetric } from "@adsconnect/metrics/testing";
import { createAccount } from "@adsconnect/tokens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startApiWorld, type ApiWorld } from "./support/api-world";

const METRICS_TOKEN = "api-metrics-token-0123456789";
// Seeded in the sandbox (apps/amazon-sandbox/src/seed.ts): Sam Seller.
const SELLER_AMAZON_USER = "amzn1.account.AFSBXSELLER2REGIONS0000000001";

let world: ApiWorld;

beforeAll(async () => {
  world = await startApiWorld({ METRICS_TOKEN });
});
afterAll(() => world?.stop());

const scrape = (authorization?: string) =>
  fetch(`${world.api.url}/metrics`, authorization ? { headers: { authorization } } : {});

function family(families: Map<string, ParsedMetric>, name: string): ParsedMetric {
  const found = families.get(name);
  if (!found)
    throw new Error(`no ${name} in the scrape; it has ${[...families.keys()].join(", ")}`);
  return found;
}

describe("the machine API's /metrics", () => {
  it("refuses a scrape without the token, with another one, or with an API key", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape(`Bearer ${METRICS_TOKEN}0`)).status).toBe(401);
    expect((await scrape(`Bearer ${world.owner.apiKey}`)).status).toBe(401);
  });

  it("counts hand-outs and proxy calls by outcome and the inline refresh, with no id, email, key or token in a label", async () => {
    const client = createAdsConnectClient({ url: world.api.url, apiKey: world.owner.apiKey });
    const expiring = await createAccount(world.services.pool, world.services.vault, world.sandbox, {
      userId: world.owner.userId,
      expiresInSeconds: 30,
      amazonUserId: SELLER_AMAZON_USER,
    });
    const granted = await client.tokens.getAccessToken.query({ accountId: expiring.id });
    await expect(
      client.tokens.getAccessToken.query({ accountId: "00000000-0000-7000-8000-000000000000" }),
    ).rejects.toThrow();
    const profiles = await client.ads.fetch(expiring.id, "v2/profiles", { region: "na" });
    expect(profiles.status).toBe(200);
    await profiles.text();

    const response = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(response.status).toBe(200);
    const text = await response.text();
    const families = parsePrometheusText(text);

    const handouts = family(families, "adsconnect_token_handouts_total");
    expect(handouts.type).toBe("counter");
    expect(
      Object.fromEntries(handouts.samples.map((s) => [s.labels.outcome, s.value])),
    ).toMatchObject({ ok: 1, not_found: 1 });
    expect(handouts.samples[0]!.labels.service).toBe("api");

    const proxy = family(families, "adsconnect_ads_proxy_requests_total");
    expect(proxy.type).toBe("counter");
    expect(proxy.samples).toContainEqual(
      expect.objectContaining({ labels: { outcome: "2xx", service: "api" }, value: 1 }),
    );

    const refreshes = family(families, "adsconnect_token_refreshes_total");
    expect(refreshes.samples).toContainEqual(
      expect.objectContaining({ labels: { outcome: "refreshed", service: "api" }, value: 1 }),
    );
    expect(family(families, "adsconnect_token_refresh_duration_seconds").type).toBe("histogram");
    expect(family(families, "adsconnect_amazon_requests_total").samples).toContainEqual(
      expect.objectContaining({
        labels: { endpoint: "lwa_token", status: "200", service: "api" },
        value: 1,
      }),
    );

    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
    for (const metric of families.values())
      for (const sample of metric.samples)
        for (const value of Object.values(sample.labels)) {
          expect(value, sample.name).not.toMatch(uuid);
          expect(value, sample.name).not.toContain("@");
        }
    for (const secret of [
      expiring.id,
      expiring.refreshToken,
      granted.accessToken,
      world.owner.apiKey,
      world.owner.userId,
      world.owner.session.email,
      world.env.ENCRYPTION_KEYS!,
      world.env.AMAZON_CLIENT_SECRET!,
    ])
      expect(text).not.toContain(secret);
  });
});
