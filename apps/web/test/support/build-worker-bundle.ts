import { buildWorkerBundle } from "@adsconnect/worker/testing";

/** Tests that run a worker start apps/worker from its bundle: build it from the current sources. */
export default function buildWorkerBundleFirst() {
  buildWorkerBundle();
}
