import type { EmbeddedDynamo } from '../../local/dynamodb';

export default async function globalTeardown() {
  await (globalThis as { testDynamo?: EmbeddedDynamo }).testDynamo?.stop();
}
