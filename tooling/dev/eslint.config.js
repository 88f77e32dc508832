import base from "@adsconnect/eslint-config/base";

// The dev orchestrator passes the environment on to the processes it starts.
export default [...base, { rules: { "no-restricted-properties": "off" } }];
