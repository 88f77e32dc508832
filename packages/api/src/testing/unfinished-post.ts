import { request } from "node:http";

/** The answer to `postUnfinished`. */
export interface UnfinishedPostAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * POSTs to `url` a JSON body that declares `declared` bytes (default 500 kB, under the body cap)
 * but sends only its first KiB and never finishes: resolves with the answer, which only a server
 * that judges the request (its key, its rate limit, its declared size) before reading the body
 * can give. The connection is destroyed once the answer has arrived.
 */
export function postUnfinished(
  url: string,
  headers: Record<string, string>,
  declared = 500_000,
): Promise<UnfinishedPostAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "content-length": String(declared),
        ...headers,
      },
    });
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        req.destroy();
      });
    });
    req.on("error", reject);
    req.write(Buffer.alloc(1024, "x"));
  });
}
