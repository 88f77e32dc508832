import base from "@adsconnect/eslint-config/base";
export default [...base, { ignores: ["next-env.d.ts", ".next/**"] }];
