/**
 * In place of `node:http` in the Lambda bundles, for the ES modules that
 * import it (the AWS SDK's HTTP handler, the X-Ray SDK). Imported as an ES
 * module, Node builds the module's ESM facade, which reads every export,
 * among them the lazy WebSocket classes, and so loads all of undici, which
 * nothing here uses (about 15 ms of a cold start); taken as Node's own
 * CommonJS module it does not.
 */
export = process.getBuiltinModule('node:http');
