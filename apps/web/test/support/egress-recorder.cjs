// Preloaded into the web server under test (NODE_OPTIONS=--require): records
// every attempt to reach a host other than this machine, so a test can prove
// that no request left it. It records rather than blocks, so the product's own
// behaviour is what is observed.
"use strict";
const dns = require("node:dns");
const fs = require("node:fs");
const net = require("node:net");

const logFile = require("./env.cjs").egressLog;
const local = (host) =>
  !host ||
  host === "localhost" ||
  host === "::1" ||
  host.startsWith("127.") ||
  host === "0.0.0.0" ||
  host === "::";

function record(kind, target) {
  if (logFile) fs.appendFileSync(logFile, `${kind} ${target}\n`);
}

const originalLookup = dns.lookup;
dns.lookup = function lookup(hostname, ...rest) {
  if (!local(hostname)) record("dns", hostname);
  return originalLookup.call(this, hostname, ...rest);
};
const promises = dns.promises;
const originalPromiseLookup = promises.lookup;
promises.lookup = function lookup(hostname, ...rest) {
  if (!local(hostname)) record("dns", hostname);
  return originalPromiseLookup.call(this, hostname, ...rest);
};

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(...args) {
  const first = args[0];
  const options = Array.isArray(first) ? first[0] : first;
  const host =
    typeof options === "object" && options !== null
      ? options.host
      : typeof args[1] === "string"
        ? args[1]
        : undefined;
  const path = typeof options === "object" && options !== null ? options.path : undefined;
  if (!path && !local(host))
    record("connect", `${host}:${typeof options === "object" ? options.port : first}`);
  return originalConnect.apply(this, args);
};
