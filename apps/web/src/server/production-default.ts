// Imported first by server.ts, before anything reads the environment: like `next start`, the
// production server runs in production unless told otherwise, so production settings (local
// sign-in refused unless allowed, error details hidden) never hang on a forgotten variable.
const environment = process.env as Record<string, string | undefined>; // eslint-disable-line no-restricted-properties
environment.NODE_ENV ??= "production";
