/**
 * The rows of a Reporting v3 `spCampaigns` report, generated on the fly: deterministic metrics per
 * campaign and day, written as Amazon's GZIP_JSON content (one JSON array of row objects).
 *
 * Two sizes: natural (one row per campaign, and per day for DAILY) or an exact content length,
 * which keeps adding rows (the profile's campaigns, then filler campaigns) while they fit and pads
 * the rest with JSON whitespace before the closing bracket.
 */
import { campaignsOf, isoDate, type SpCampaign } from "./campaigns";
import type { SandboxProfile } from "./seed";

/** Columns of `spCampaigns` the sandbox knows (Amazon's list is longer; others answer 400). */
export const SP_CAMPAIGNS_COLUMNS = [
  "date",
  "startDate",
  "endDate",
  "campaignId",
  "campaignName",
  "campaignStatus",
  "campaignBudgetAmount",
  "campaignBudgetType",
  "campaignBudgetCurrencyCode",
  "campaignBiddingStrategy",
  "campaignRuleBasedBudgetAmount",
  "campaignApplicableBudgetRuleId",
  "campaignApplicableBudgetRuleName",
  "retailer",
  "topOfSearchImpressionShare",
  "impressions",
  "clicks",
  "cost",
  "spend",
  "costPerClick",
  "clickThroughRate",
  "purchases1d",
  "purchases7d",
  "purchases14d",
  "purchases30d",
  "purchasesSameSku1d",
  "purchasesSameSku7d",
  "purchasesSameSku14d",
  "purchasesSameSku30d",
  "unitsSoldClicks1d",
  "unitsSoldClicks7d",
  "unitsSoldClicks14d",
  "unitsSoldClicks30d",
  "unitsSoldSameSku1d",
  "unitsSoldSameSku7d",
  "unitsSoldSameSku14d",
  "unitsSoldSameSku30d",
  "sales1d",
  "sales7d",
  "sales14d",
  "sales30d",
  "attributedSalesSameSku1d",
  "attributedSalesSameSku7d",
  "attributedSalesSameSku14d",
  "attributedSalesSameSku30d",
  "acosClicks14d",
  "roasClicks14d",
  "kindleEditionNormalizedPagesRead14d",
  "kindleEditionNormalizedPagesRoyalties14d",
] as const;

export type SpCampaignsColumn = (typeof SP_CAMPAIGNS_COLUMNS)[number];

export interface ReportSpec {
  profile: SandboxProfile;
  startDate: string;
  endDate: string;
  timeUnit: "DAILY" | "SUMMARY";
  columns: readonly SpCampaignsColumn[];
}

type CampaignLike = Pick<SpCampaign, "campaignId" | "name" | "state" | "budget" | "dynamicBidding">;

/** FNV-1a, then mulberry32: a cheap, stable stream of numbers in [0, 1) per seed string. */
function random(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

type Window = 1 | 7 | 14 | 30;

/** What one row's values are computed from. */
interface Cell {
  spec: ReportSpec;
  campaign: CampaignLike;
  period: { date?: string; startDate: string; endDate: string };
  r: () => number;
  impressions: number;
  clicks: number;
  cost: number;
  purchases: Record<Window, number>;
  price: number;
}

const sales = (c: Cell, p: number) => round2(p * c.price);
const sameSku = (p: number) => Math.floor(p * 0.9);
const units = (p: number) => p + Math.floor(p * 0.1);

function windowed(column: string, f: (c: Cell, p: number) => unknown) {
  const window = Number(/(\d+)d$/.exec(column)![1]) as Window;
  return (c: Cell) => f(c, c.purchases[window]);
}

/** One function per column, computing its value from a row's cell. */
function encoder(column: SpCampaignsColumn): (c: Cell) => unknown {
  switch (column) {
    case "date":
      return (c) => c.period.date;
    case "startDate":
      return (c) => c.period.startDate;
    case "endDate":
      return (c) => c.period.endDate;
    case "campaignId":
      return (c) => Number(c.campaign.campaignId);
    case "campaignName":
      return (c) => c.campaign.name;
    case "campaignStatus":
      return (c) => c.campaign.state;
    case "campaignBudgetAmount":
      return (c) => c.campaign.budget.budget;
    case "campaignBudgetType":
      return () => "DAILY_BUDGET";
    case "campaignBudgetCurrencyCode":
      return (c) => c.spec.profile.currencyCode;
    case "campaignBiddingStrategy":
      return (c) => c.campaign.dynamicBidding.strategy.toLowerCase();
    case "campaignRuleBasedBudgetAmount":
    case "campaignApplicableBudgetRuleId":
    case "campaignApplicableBudgetRuleName":
    case "retailer":
      return () => null;
    case "topOfSearchImpressionShare":
      return (c) => (c.impressions > 0 ? round2(c.r() * 0.3) : null);
    case "impressions":
      return (c) => c.impressions;
    case "clicks":
      return (c) => c.clicks;
    case "cost":
    case "spend":
      return (c) => c.cost;
    case "costPerClick":
      return (c) => (c.clicks > 0 ? round2(c.cost / c.clicks) : null);
    case "clickThroughRate":
      return (c) =>
        c.impressions > 0 ? Math.round((c.clicks / c.impressions) * 10_000) / 10_000 : null;
    case "acosClicks14d":
      return (c) =>
        sales(c, c.purchases[14]) > 0 ? round2(c.cost / sales(c, c.purchases[14])) : null;
    case "roasClicks14d":
      return (c) => (c.cost > 0 ? round2(sales(c, c.purchases[14]) / c.cost) : null);
    case "kindleEditionNormalizedPagesRead14d":
    case "kindleEditionNormalizedPagesRoyalties14d":
      return () => 0;
  }
  if (column.startsWith("purchasesSameSku")) return windowed(column, (_c, p) => sameSku(p));
  if (column.startsWith("purchases")) return windowed(column, (_c, p) => p);
  if (column.startsWith("unitsSoldSameSku")) return windowed(column, (_c, p) => units(sameSku(p)));
  if (column.startsWith("unitsSoldClicks")) return windowed(column, (_c, p) => units(p));
  if (column.startsWith("attributedSalesSameSku"))
    return windowed(column, (c, p) => sales(c, sameSku(p)));
  if (column.startsWith("sales")) return windowed(column, (c, p) => sales(c, p));
  return () => null;
}

/** Per column list: each column's `"name":` prefix (with its comma) and value function. */
const encoders = new WeakMap<readonly SpCampaignsColumn[], [string, (c: Cell) => unknown][]>();

function encodersOf(columns: readonly SpCampaignsColumn[]) {
  let list = encoders.get(columns);
  if (!list) {
    list = columns.map((column, i) => [
      `${i ? "," : ""}${JSON.stringify(column)}:`,
      encoder(column),
    ]);
    encoders.set(columns, list);
  }
  return list;
}

function row(spec: ReportSpec, campaign: CampaignLike, period: Cell["period"]): string {
  const r = random(`${campaign.campaignId}|${period.date ?? period.startDate}`);
  const days = period.date ? 1 : daysBetween(period.startDate, period.endDate);
  const impressions = campaign.state !== "ARCHIVED" ? Math.floor(r() * 5000 * days) : 0;
  const clicks = Math.floor(impressions * r() * 0.04);
  const cost = round2(clicks * (0.25 + r() * 2));
  const p30 = Math.floor(clicks * r() * 0.3);
  const p14 = Math.floor(p30 * (0.8 + r() * 0.2));
  const p7 = Math.floor(p14 * (0.8 + r() * 0.2));
  const p1 = Math.floor(p7 * (0.4 + r() * 0.4));
  const cell: Cell = {
    spec,
    campaign,
    period,
    r,
    impressions,
    clicks,
    cost,
    purchases: { 1: p1, 7: p7, 14: p14, 30: p30 },
    price: 10 + r() * 40,
  };
  // Written by hand: a flat object of known keys, much faster than JSON.stringify of a new object.
  let text = "{";
  for (const [prefix, encode] of encodersOf(spec.columns)) {
    const value = encode(cell);
    text +=
      prefix +
      (typeof value === "string" ? JSON.stringify(value) : value == null ? "null" : String(value));
  }
  return `${text}}`;
}

const DAY_MS = 86_400_000;

function daysBetween(start: string, end: string): number {
  return Math.round((Date.parse(end) - Date.parse(start)) / DAY_MS) + 1;
}

function* periods(spec: ReportSpec) {
  if (spec.timeUnit === "SUMMARY") {
    yield { startDate: spec.startDate, endDate: spec.endDate };
    return;
  }
  const first = Date.parse(spec.startDate);
  for (let d = 0; d < daysBetween(spec.startDate, spec.endDate); d++) {
    const date = isoDate(first + d * DAY_MS);
    yield { date, startDate: date, endDate: date };
  }
}

/** Every natural row: each campaign, for each day of a DAILY report. */
function* naturalRows(spec: ReportSpec): Generator<string> {
  const campaigns = campaignsOf(spec.profile);
  for (const period of periods(spec)) {
    for (const campaign of campaigns) yield row(spec, campaign, period);
  }
}

/** Endless rows: the natural ones, then filler campaigns 1, 2, 3, … over the same periods. */
function* endlessRows(spec: ReportSpec): Generator<string> {
  yield* naturalRows(spec);
  const list = [...periods(spec)];
  for (let n = 1; ; n++) {
    const filler: CampaignLike = {
      campaignId: String(900_000_000_000_000 + n),
      name: `Sandbox filler campaign ${n}`,
      state: "ENABLED",
      budget: { budgetType: "DAILY", budget: 10 },
      dynamicBidding: { strategy: "LEGACY_FOR_SALES", placementBidding: [] },
    };
    for (const period of list) yield row(spec, filler, period);
  }
}

/** The byte length of the natural content (one pass over the rows; nothing is kept). */
export function naturalContentBytes(spec: ReportSpec): number {
  let bytes = 2; // [ ]
  let rows = 0;
  for (const text of naturalRows(spec)) {
    bytes += Buffer.byteLength(text);
    rows += 1;
  }
  return bytes + Math.max(0, rows - 1);
}

const PAD = " ".repeat(64 * 1024);

/**
 * The content as text pieces: natural when `contentBytes` is undefined, else exactly that many
 * bytes (at least 2).
 */
export function* reportContent(spec: ReportSpec, contentBytes?: number): Generator<string> {
  yield "[";
  if (contentBytes === undefined) {
    let first = true;
    for (const text of naturalRows(spec)) {
      yield first ? text : `,${text}`;
      first = false;
    }
    yield "]";
    return;
  }
  let written = 1;
  let first = true;
  for (const text of endlessRows(spec)) {
    const piece = first ? text : `,${text}`;
    const size = Buffer.byteLength(piece);
    if (written + size + 1 > contentBytes) break;
    yield piece;
    written += size;
    first = false;
  }
  let pad = contentBytes - written - 1;
  while (pad > 0) {
    const n = Math.min(pad, PAD.length);
    yield n === PAD.length ? PAD : PAD.slice(0, n);
    pad -= n;
  }
  yield "]";
}
