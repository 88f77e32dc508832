// A compile-time check, run by `pnpm typecheck` (part of `pnpm test`): the admin client's
// payload and answer types (@adsconnect/test-sandbox, written out there so packages reach the
// sandbox over HTTP only) say what this sandbox accepts and answers. Each line fails to compile
// when one side changes without the other; before, a drift showed up only as a 400 at run time,
// or not at all for an answer's shape.
import type * as Client from "@adsconnect/test-sandbox";
import type { z } from "zod";

import type * as Admin from "../src/admin";
import type * as Controls from "../src/controls";
import type * as RequestLog from "../src/request-log";
import type * as Seed from "../src/seed";
import type * as State from "../src/state";

/** `true` when each type is assignable to the other. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** What the sandbox accepts (a schema's input) must be what the client may send, and back. */
type Accepts<Schema extends z.ZodType, Payload> = Same<z.input<Schema>, Payload>;

/** Fails to compile, on the line of the check, unless `T` is `true`. */
type Expect<T extends true> = T;

export type AdminClientTypesAgree = [
  // Names and unions
  Expect<Same<Client.SandboxRegion, Seed.Region>>,
  Expect<Same<Client.UserKind, Seed.UserKind>>,
  Expect<Same<Client.TokenGrantType, State.TokenGrantType>>,
  Expect<Same<Client.AdsEndpoint, State.AdsEndpoint>>,
  Expect<Same<Client.TokenChaosKind, State.TokenChaosKind>>,
  Expect<Same<Client.AuthorizationSeen, RequestLog.AuthorizationSeen>>,
  // What the client sends
  Expect<Accepts<typeof Admin.tokenFailureSchema, Client.TokenFailureFault>>,
  Expect<Accepts<typeof Admin.tokenHangSchema, Client.TokenHangFault>>,
  Expect<Accepts<typeof Admin.tokenChaosSchema, Client.TokenChaos>>,
  Expect<Accepts<typeof Admin.adsFailureSchema, Client.AdsFailureFault>>,
  Expect<Accepts<typeof Admin.downloadAbortSchema, Client.DownloadAbortFault>>,
  Expect<Accepts<typeof Admin.reportFailureSchema, Client.ReportFailureFault>>,
  Expect<Accepts<typeof Admin.grantsSchema, Client.MintGrantsOptions>>,
  Expect<Accepts<typeof Admin.latencySchema, Partial<Client.Latency>>>,
  Expect<Accepts<typeof Admin.reportSettingsSchema, Partial<Client.ReportSettings>>>,
  Expect<Accepts<typeof Admin.generatedAgencySchema, Client.GeneratedAgencyOptions>>,
  // What the sandbox answers
  Expect<Same<Client.Counters, State.Counters>>,
  Expect<Same<Client.Latency, State.Latency>>,
  Expect<Same<Client.ReportSettings, State.ReportSettings>>,
  Expect<Same<Client.FaultState, State.FaultState>>,
  Expect<Same<Client.LoggedRequest, RequestLog.LoggedRequest>>,
  Expect<Same<Client.Grant, Controls.Grant>>,
  Expect<Same<Client.Health, Controls.Health>>,
  Expect<Same<Client.SeededUser, Controls.UserDescription>>,
];
