/**
 * In place of `@apollo/utils.createhash` in the Lambda bundles: the package
 * reaches Node's crypto through `module.require`, which a bundled module does
 * not have, and so falls back to sha.js, a JavaScript SHA it pulls in with
 * its polyfills. Node's own is what it means to use.
 */
export { createHash } from 'node:crypto';
