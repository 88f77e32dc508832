/**
 * Helpers for tests that run the worker as Railway does (its bundle, from its railway.json's
 * start command): the web's status tests, the worker's own health tests. Not for production code.
 */
export { buildWorkerBundle, startWorkerService, type WorkerService } from "./service";
