/** Reporting v3 through the proxy: create an spCampaigns report and wait for its pre-signed URL. */
export interface CompletedReport {
  reportId: string;
  url: string;
  fileSize: number;
}

export function reportRequest(name = "ads proxy test") {
  const day = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  return {
    name,
    startDate: day,
    endDate: day,
    configuration: {
      adProduct: "SPONSORED_PRODUCTS",
      reportTypeId: "spCampaigns",
      groupBy: ["campaign"],
      columns: ["campaignId", "campaignName", "impressions", "clicks", "cost"],
      timeUnit: "SUMMARY",
      format: "GZIP_JSON",
    },
  };
}

/**
 * POST /reporting/reports then GET /reporting/reports/{id} until COMPLETED, through the proxy
 * at `base` (`{origin}/ads/{accountId}/{region}`), scoped to `profileId`.
 */
export async function completedReport(
  base: string,
  apiKey: string,
  profileId: string,
  name?: string,
): Promise<CompletedReport> {
  const headers = {
    authorization: `Bearer ${apiKey}`,
    "amazon-advertising-api-scope": profileId,
  };
  const created = await fetch(`${base}/reporting/reports`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/vnd.createasyncreportrequest.v3+json" },
    body: JSON.stringify(reportRequest(name)),
  });
  if (created.status !== 200)
    throw new Error(`report create answered ${created.status}: ${await created.text()}`);
  const { reportId } = (await created.json()) as { reportId: string };
  for (let i = 0; i < 100; i++) {
    const status = await fetch(`${base}/reporting/reports/${reportId}`, { headers });
    const report = (await status.json()) as { status: string; url: string; fileSize: number };
    if (report.status === "COMPLETED")
      return { reportId, url: report.url, fileSize: report.fileSize };
    if (report.status === "FAILED") throw new Error(`report ${reportId} failed`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`report ${reportId} did not complete`);
}
