import http, {
  type ClientRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
} from "node:http";
import https from "node:https";

/** Where a request goes: one of Amazon's hosts (or the sandbox standing in for them). */
export interface UpstreamTarget {
  protocol: "http:" | "https:";
  hostname: string;
  port: string;
  /** Prepended to every path: "" for Amazon's hosts, `/na` for the sandbox's template. */
  basePath: string;
}

export interface UpstreamRequest {
  method: string;
  /** Raw path and query, as sent on the request line. */
  path: string;
  headers: OutgoingHttpHeaders;
  body: Buffer | undefined;
}

/** Why a request to Amazon failed before its answer began. */
export class UpstreamError extends Error {
  override readonly name = "UpstreamError";
  constructor(
    readonly reason: "timeout" | "network",
    /** The request went out on a kept-alive connection (a reset there usually means the server had closed it). */
    readonly reusedSocket: boolean,
    options?: { cause?: unknown },
  ) {
    super(
      reason === "timeout" ? "Amazon did not answer in time" : "Amazon could not be reached",
      options,
    );
  }

  /** A kept-alive connection the server had closed: the request never reached it. */
  get staleConnection(): boolean {
    const code = (this.cause as NodeJS.ErrnoException | undefined)?.code;
    return this.reusedSocket && (code === "ECONNRESET" || code === "EPIPE");
  }
}

/** A URL's target parts (an Ads API base from the Amazon client, or a pre-signed download URL). */
export function targetOf(url: URL): UpstreamTarget {
  return {
    protocol: url.protocol === "https:" ? "https:" : "http:",
    hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port,
    basePath: url.pathname.replace(/\/+$/, ""),
  };
}

/**
 * Requests to Amazon over kept-alive connections (one pool per protocol and
 * host), with node:http rather than fetch: bodies pass through byte for byte
 * (fetch would decode a gzip answer and leave its Content-Encoding), answers
 * arrive as Node streams, and a request costs less.
 */
export function createUpstream(maxSockets: number) {
  const agentOptions = { keepAlive: true, maxSockets, scheduling: "lifo" as const };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);

  /**
   * Sends one request and resolves with the answer once its status and
   * headers arrive (the body is the caller's to read). Rejects with an
   * UpstreamError when nothing arrives by `deadline` (epoch ms) or the
   * connection fails first. After the answer began, `idleTimeoutMs` without
   * a byte cuts the connection (the answer's stream errors). `track` gets the
   * request, so a caller whose client went away can destroy it.
   */
  function send(
    target: UpstreamTarget,
    request: UpstreamRequest,
    limits: { deadline: number; idleTimeoutMs: number },
    track: (request: ClientRequest) => void,
  ): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const secure = target.protocol === "https:";
      const outgoing = (secure ? https : http).request({
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        path: request.path,
        method: request.method,
        headers: request.headers,
        agent: secure ? httpsAgent : httpAgent,
      });
      track(outgoing);
      let answered = false;
      const timer = setTimeout(
        () => outgoing.destroy(new UpstreamError("timeout", outgoing.reusedSocket)),
        Math.max(0, limits.deadline - Date.now()),
      );
      outgoing.setTimeout(limits.idleTimeoutMs, () =>
        outgoing.destroy(new UpstreamError("timeout", outgoing.reusedSocket)),
      );
      outgoing.on("response", (response) => {
        answered = true;
        clearTimeout(timer);
        resolve(response);
      });
      // Kept for the request's whole life: a failure after the answer began reaches the answer's stream.
      outgoing.on("error", (error) => {
        clearTimeout(timer);
        if (answered) return;
        reject(
          error instanceof UpstreamError
            ? error
            : new UpstreamError("network", outgoing.reusedSocket, { cause: error }),
        );
      });
      outgoing.end(request.body);
    });
  }

  return {
    send,
    /** Closes the kept-alive connections. */
    close(): void {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

export type Upstream = ReturnType<typeof createUpstream>;
