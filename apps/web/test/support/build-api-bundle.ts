import { buildApiBundle } from "@adsconnect/api-service/testing";

/** Tests that call the machine API start apps/api from its bundle: build it from the current sources. */
export default function buildApiBundleFirst() {
  buildApiBundle();
}
