import { CONNECTION_FAILURE_MESSAGES, isConnectionFailure } from "@adsconnect/accounts/messages";

/** The outcome of Amazon's redirect, from codes in the URL (never text Amazon or a link supplied). */
export function ConnectNotice({ connect, reason, requestId }: { connect?: string; reason?: string; requestId?: string }) {
  if (!connect) return null;
  if (connect === "connected" || connect === "reconnected") {
    return (
      <p role="status" className="rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
        {connect === "connected" ? "Account connected." : "Account reconnected; its tokens are fresh again."}
      </p>
    );
  }
  if (connect === "cancelled") {
    return (
      <p role="status" className="rounded-md bg-zinc-100 px-4 py-3 text-sm text-zinc-800 dark:bg-zinc-900 dark:text-zinc-200">
        Connection cancelled at Amazon. Nothing was saved.
      </p>
    );
  }
  const message = isConnectionFailure(reason) ? CONNECTION_FAILURE_MESSAGES[reason] : "The connection failed. Try again.";
  const safeRequestId = requestId && /^[\w-]{1,100}$/.test(requestId) ? requestId : null;
  return (
    <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-900 dark:bg-red-950 dark:text-red-100">
      Connection failed: {message}
      {safeRequestId ? <span className="block text-xs opacity-80">Amazon request id: {safeRequestId}</span> : null}
    </p>
  );
}
