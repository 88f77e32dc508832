import base from "@adsconnect/eslint-config/base";
export default base;
