import { AMAZON_REGIONS, REGION_ENDPOINTS, type AmazonClient } from "@adsconnect/amazon";

import { ProxyError } from "./errors";

/**
 * Amazon's report buckets: Reporting v3 answers a COMPLETED report with a
 * pre-signed URL on `offline-report-storage-<aws-region>-prod`, addressed as
 * `<bucket>.s3.amazonaws.com` or `<bucket>.s3.<aws-region>.amazonaws.com`
 * (seen: us-east-1 for NA, eu-west-1 for EU; the FE bucket's region is not
 * documented, hence any AWS region shape). HTTPS on the default port only.
 */
export const AMAZON_REPORT_HOST =
  /^offline-report-storage-[a-z]{2}(?:-gov)?-[a-z]+-\d+-prod\.s3(?:\.[a-z]{2}(?:-gov)?-[a-z]+-\d+)?\.amazonaws\.com$/;

/** Which pre-signed URLs the download passthrough fetches. */
export type DownloadPolicy = (url: URL) => boolean;

/**
 * The download policy for this Amazon client. With Amazon's real hosts: https
 * URLs on AMAZON_REPORT_HOST. With an AMAZON_BASE_URL template (the sandbox,
 * in development and tests): only `{region prefix}/__downloads/…` on the
 * template's own origin, where the sandbox serves its stand-in for S3 — and
 * never a real Amazon host. Either way no credentials in the URL and no
 * fragment; redirects are never followed.
 */
export function downloadPolicyOf(amazon: Pick<AmazonClient, "endpoints">): DownloadPolicy {
  const bases = AMAZON_REGIONS.map((region) => ({
    region,
    adsApiUrl: amazon.endpoints(region).adsApiUrl,
  }));
  const real = bases.every(
    ({ region, adsApiUrl }) => adsApiUrl === REGION_ENDPOINTS[region].adsApiUrl,
  );
  if (real)
    return (url) =>
      url.protocol === "https:" &&
      url.port === "" &&
      url.username === "" &&
      url.password === "" &&
      url.hash === "" &&
      AMAZON_REPORT_HOST.test(url.hostname);
  const prefixes = bases.map(({ adsApiUrl }) => new URL(`${adsApiUrl}/__downloads/`));
  return (url) =>
    url.username === "" &&
    url.password === "" &&
    url.hash === "" &&
    prefixes.some(
      (prefix) => url.origin === prefix.origin && url.pathname.startsWith(prefix.pathname),
    );
}

/** The `url` parameter of a download request, checked against `allowed` (400 otherwise). */
export function downloadTarget(query: string, allowed: DownloadPolicy): URL {
  const values = new URLSearchParams(query).getAll("url");
  if (values.length !== 1)
    throw new ProxyError(
      400,
      "invalid_download_url",
      "Pass the report's pre-signed URL (the `url` of GET /reporting/reports/{reportId}), percent-encoded, as the one `url` query parameter.",
    );
  let url: URL;
  try {
    url = new URL(values[0]!);
  } catch {
    throw new ProxyError(400, "invalid_download_url", "The `url` parameter is not a URL.");
  }
  if (!allowed(url))
    throw new ProxyError(
      400,
      "invalid_download_url",
      `The proxy downloads only Amazon's report files (pre-signed URLs on Amazon's report storage), not ${url.protocol}//${url.host}${url.pathname.length > 1 ? "/…" : "/"}.`,
    );
  return url;
}
