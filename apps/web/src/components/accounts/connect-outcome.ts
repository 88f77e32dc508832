import { CONNECTION_FAILURE_MESSAGES, isConnectionFailure } from "@adsconnect/accounts/messages";

export interface ConnectOutcome {
  kind: "success" | "info" | "error";
  title: string;
  description?: string;
}

/**
 * The outcome of Amazon's redirect, from codes in the URL — never text that
 * Amazon or a link supplied (a request id is shown only when it looks like one).
 */
export function connectOutcome({
  connect,
  reason,
  requestId,
}: {
  connect?: string;
  reason?: string;
  requestId?: string;
}): ConnectOutcome | null {
  if (!connect) return null;
  if (connect === "connected") {
    return {
      kind: "success",
      title: "Account connected.",
      description: "Its profiles and DSP advertisers are below; tokens are kept fresh from now on.",
    };
  }
  if (connect === "reconnected")
    return { kind: "success", title: "Account reconnected; its tokens are fresh again." };
  if (connect === "cancelled")
    return { kind: "info", title: "Connection cancelled at Amazon. Nothing was saved." };
  const message = isConnectionFailure(reason)
    ? CONNECTION_FAILURE_MESSAGES[reason]
    : "The connection failed. Try again.";
  const safeRequestId = requestId && /^[\w-]{1,100}$/.test(requestId) ? requestId : null;
  return {
    kind: "error",
    title: "Connection failed",
    description: safeRequestId ? `${message} (Amazon request id: ${safeRequestId})` : message,
  };
}
