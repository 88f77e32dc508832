/**
 * Stateless, HMAC-signed tokens.
 *
 * A refresh token (`Atzr|...`) carries the user id, client id, scopes, grant id and issue time,
 * signed with the sandbox's signing secret. Nothing is stored when one is minted, so minting
 * 10,000 grants is a loop of HMACs, and a token stays valid across sandbox restarts as long as
 * the signing secret is the same (by default it is derived from the client secret). Revocations
 * are the only refresh-token state and live in memory (see state.ts).
 *
 * Access tokens (`Atza|...`) are signed the same way and carry their expiry.
 *
 * Both are padded with random bytes to roughly the length of Amazon's (350-450 characters; Amazon
 * allows up to 2048 bytes), so a client storing them in a too-small column fails here first.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export interface RefreshClaims {
  /** Amazon user id (`amzn1.account....`). */
  uid: string;
  /** Client id the grant was made to. */
  cid: string;
  /** Space-separated scopes granted. */
  scp: string;
  /** Grant id: one per consent; revoking a grant invalidates every token minted from it. */
  gid: string;
  /** Issue time, ms since the epoch. */
  iat: number;
}

export interface AccessClaims extends RefreshClaims {
  /** Access token id, for early expiry. */
  jti: string;
  /** Expiry, ms since the epoch. */
  exp: number;
}

const REFRESH_PREFIX = "Atzr|";
const ACCESS_PREFIX = "Atza|";
const PADDING_BYTES = 120;

export function deriveSigningKey(secret: string): Buffer {
  return createHmac("sha256", secret).update("adsconnect amazon-sandbox token signing v1").digest();
}

export function newId(bytes = 12): string {
  return randomBytes(bytes).toString("base64url");
}

export class TokenCodec {
  readonly #key: Buffer;

  constructor(signingKey: Buffer) {
    this.#key = signingKey;
  }

  signRefresh(claims: RefreshClaims): string {
    return this.#sign(REFRESH_PREFIX, {
      ...claims,
      pad: randomBytes(PADDING_BYTES).toString("base64url"),
    });
  }

  signAccess(claims: AccessClaims): string {
    return this.#sign(ACCESS_PREFIX, {
      ...claims,
      pad: randomBytes(PADDING_BYTES).toString("base64url"),
    });
  }

  verifyRefresh(token: string): RefreshClaims | undefined {
    const payload = this.#verify(REFRESH_PREFIX, token);
    return payload && isRefreshClaims(payload) ? pick(payload) : undefined;
  }

  verifyAccess(token: string): AccessClaims | undefined {
    const payload = this.#verify(ACCESS_PREFIX, token);
    if (!payload || !isRefreshClaims(payload)) return undefined;
    const { jti, exp } = payload as Record<string, unknown>;
    if (typeof jti !== "string" || typeof exp !== "number") return undefined;
    return { ...pick(payload), jti, exp };
  }

  /** Hex HMAC of a report download URL's signed fields (the `X-Amz-Signature` stand-in). */
  signDownload(text: string): string {
    return this.#mac("download|", text).toString("hex");
  }

  #sign(prefix: string, payload: object): string {
    const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
    return `${prefix}${body}.${this.#mac(prefix, body).toString("base64url")}`;
  }

  #verify(prefix: string, token: string): Record<string, unknown> | undefined {
    if (!token.startsWith(prefix) || token.length > 4096) return undefined;
    const rest = token.slice(prefix.length);
    const dot = rest.indexOf(".");
    if (dot <= 0) return undefined;
    const body = rest.slice(0, dot);
    const given = Buffer.from(rest.slice(dot + 1), "base64url");
    const expected = this.#mac(prefix, body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const parsed: unknown = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
      return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  #mac(prefix: string, body: string): Buffer {
    return createHmac("sha256", this.#key).update(prefix).update(body).digest();
  }
}

function isRefreshClaims(p: Record<string, unknown>): boolean {
  return (
    typeof p.uid === "string" &&
    typeof p.cid === "string" &&
    typeof p.scp === "string" &&
    typeof p.gid === "string" &&
    typeof p.iat === "number"
  );
}

function pick(p: Record<string, unknown>): RefreshClaims {
  return {
    uid: p.uid as string,
    cid: p.cid as string,
    scp: p.scp as string,
    gid: p.gid as string,
    iat: p.iat as number,
  };
}
