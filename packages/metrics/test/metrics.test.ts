import { describe, expect, it } from "vitest";

import { createMetrics, metricsAnswer } from "../src";
import { parsePrometheusText } from "../src/testing";

const TOKEN = "metrics-token-0123456789";

describe("metricsAnswer", () => {
  const metrics = createMetrics({ service: "test", processMetrics: false });
  metrics.refreshes.inc({ outcome: "refreshed" });
  metrics.refreshDuration.observe({ outcome: "refreshed" }, 0.2);

  it("is 404 when METRICS_TOKEN is unset, whatever is sent", async () => {
    expect((await metricsAnswer(metrics, undefined, `Bearer ${TOKEN}`)).status).toBe(404);
  });

  it("is 401 without the token, with another one, or with a malformed header", async () => {
    for (const header of [
      undefined,
      "",
      `Bearer ${TOKEN}x`,
      `Basic ${TOKEN}`,
      `Bearer ${TOKEN} x`,
    ]) {
      const answer = await metricsAnswer(metrics, TOKEN, header);
      expect(answer.status).toBe(401);
      expect(answer.body).not.toContain(TOKEN);
    }
  });

  it("is the registry in Prometheus's text format with the token, every series labelled with the service", async () => {
    const answer = await metricsAnswer(metrics, TOKEN, `Bearer ${TOKEN}`);
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toContain("text/plain");
    const families = parsePrometheusText(answer.body);
    expect(families.get("adsconnect_token_refreshes_total")).toMatchObject({
      type: "counter",
      samples: [{ labels: { outcome: "refreshed", service: "test" }, value: 1 }],
    });
    const histogram = families.get("adsconnect_token_refresh_duration_seconds")!;
    expect(histogram.type).toBe("histogram");
    expect(histogram.samples.find((s) => s.name.endsWith("_count"))?.value).toBe(1);
  });
});
