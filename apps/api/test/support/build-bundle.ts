import { buildApiBundle } from "../../src/testing";

/** The tests start the service from its bundle: build it from the current sources first. */
export default function buildBundle() {
  buildApiBundle();
}
