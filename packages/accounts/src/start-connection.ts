import { createPkcePair, type AmazonRegion } from "@adsconnect/amazon";

import { nowOf, type AccountsDeps } from "./deps";
import {
  codeVerifierContext,
  generateOAuthState,
  hashOAuthState,
  OAUTH_STATE_TTL_MS,
} from "./oauth-state";

/**
 * Begins connecting an Amazon account: records a pending state (hashed, bound
 * to the person, valid 10 minutes) with its PKCE verifier (encrypted), and
 * returns Amazon's consent URL for the chosen region.
 */
export async function startConnection(
  deps: AccountsDeps,
  { userId, region }: { userId: string; region: AmazonRegion },
): Promise<{ authorizationUrl: string; expiresAt: Date }> {
  const state = generateOAuthState();
  const stateHash = hashOAuthState(state);
  const { codeVerifier, codeChallenge } = createPkcePair();
  const expiresAt = new Date(nowOf(deps).getTime() + OAUTH_STATE_TTL_MS);
  await deps.db.oAuthState.create({
    data: {
      stateHash,
      userId,
      region,
      codeVerifierCiphertext: deps.vault.encryptFor(codeVerifierContext(stateHash), codeVerifier),
      expiresAt,
    },
  });
  return {
    authorizationUrl: deps.amazon.buildAuthorizationUrl({ region, state, codeChallenge }),
    expiresAt,
  };
}
