/**
 * The writes a piece of the project makes, caught as DynamoDB receives them,
 * so that a raw limit writes the very same items.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

interface WireTransaction {
  TransactItems: Record<string, { TableName?: string }>[];
}

/** A client wrapper (createDb's `captureClient`) and the TransactWriteItems bodies it has seen. */
export function transactionRecorder(): {
  captureClient: (client: DynamoDBClient) => DynamoDBClient;
  bodies: string[];
} {
  const bodies: string[] = [];
  return {
    bodies,
    captureClient(client) {
      client.middlewareStack.add(
        (next) => async (args) => {
          const request = args.request as { headers?: Record<string, string>; body?: unknown };
          if (request.headers?.['x-amz-target']?.endsWith('.TransactWriteItems')) {
            // The SDK serialises the body to bytes.
            const { body } = request;
            if (typeof body === 'string') bodies.push(body);
            else if (body instanceof Uint8Array) bodies.push(new TextDecoder().decode(body));
          }
          return next(args);
        },
        { step: 'build', name: 'benchTransactionRecorder' },
      );
      return client;
    },
  };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * Caught transactions to write again as if for someone else: every id in them
 * (person, registration, audit entry, receipt, the SDK's request token) made
 * new, the same way across them, and one address replaced by another. An
 * index shard that follows from an id stays the original's: right for a raw
 * table, which has no indexes, not for filling the project's table (see
 * scene.ts's consentingPerson).
 */
export class TransactionTemplate {
  constructor(
    private readonly bodies: string[],
    private readonly email: string,
  ) {}

  /** The same transactions, written to another table. */
  writtenTo(table: string): TransactionTemplate {
    const bodies = this.bodies.map((body) => {
      const transaction = JSON.parse(body) as WireTransaction;
      for (const item of transaction.TransactItems) {
        for (const operation of Object.values(item)) operation.TableName = table;
      }
      return JSON.stringify(transaction);
    });
    return new TransactionTemplate(bodies, this.email);
  }

  /** How many items each transaction writes or checks. */
  get sizes(): number[] {
    return this.bodies.map((body) => (JSON.parse(body) as WireTransaction).TransactItems.length);
  }

  /** The bodies of the same transactions for the person with address `email`. */
  copyFor(email: string): string[] {
    const fresh = new Map<string, string>();
    return this.bodies.map((body) =>
      body
        .replace(UUID, (id) => {
          const copy = fresh.get(id) ?? randomUUID();
          fresh.set(id, copy);
          return copy;
        })
        .replaceAll(this.email, email),
    );
  }
}
