// The egress recorder's one look at the environment (it is preloaded with `node --require`,
// before any TypeScript tooling): where to write what it records.
"use strict";

module.exports = { egressLog: process.env.EGRESS_LOG };
