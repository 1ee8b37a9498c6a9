/**
 * Which stream records each stream handler is given, as the filter patterns
 * of Lambda event filtering: the JSON a `FilterCriteria` pattern holds. One
 * piece of data read three ways: the stack (cdk/stack.ts) makes each event
 * source mapping's filter criteria of it, the local stream pump
 * (local/stream-pump.ts) drops what it does not pass before calling a handler,
 * and each handler's guard checks it again, with `matchesPattern` below.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import type { Delivery, FanOutStep, StoredVersion } from '../domain/types';
import { ITEM_KIND, KEY, noticeKeys } from '../store/keys';

/** A value a field may hold: exactly this string or boolean, or any string that starts so. */
export type FilterValue = string | boolean | { readonly prefix: string };

/** Fields of the record, nested as in the record, down to the list of values each may hold. */
export interface FilterPattern {
  readonly [field: string]: FilterPattern | readonly FilterValue[];
}

/** An attribute of a DynamoDB image, by its type as the stream writes it: `{ S: … }`, `{ BOOL: … }`. */
interface AttributePattern {
  readonly S?: readonly FilterValue[];
  readonly N?: readonly string[];
  readonly BOOL?: readonly boolean[];
}

/** The attributes a pattern may name in an item's image: those of its entity, its sort key and kind. */
type ImagePattern<Item> = {
  readonly [field in keyof Item | typeof KEY.sk | 'kind']?: AttributePattern;
};

/** Every filter pattern a handler's mapping holds, by what it lets through. */
export const STREAM_PATTERNS = {
  /** A notice version that is now published as a material change. */
  materialPublication: {
    dynamodb: {
      NewImage: {
        sk: { S: [{ prefix: noticeKeys.versionPrefix }] },
        state: { S: ['PUBLISHED' satisfies StoredVersion['state']] },
        material: { BOOL: [true] },
      } satisfies ImagePattern<StoredVersion>,
    },
  },
  /** A fan-out step just written: each is run once, when it appears. */
  newFanOutStep: {
    eventName: ['INSERT' satisfies DynamoDBRecord['eventName']],
    dynamodb: {
      NewImage: {
        kind: { S: [ITEM_KIND.fanOutStep] },
      } satisfies ImagePattern<FanOutStep>,
    },
  },
  /**
   * A delivery just written, its first try still to make. Later tries wait in
   * the due index for the due job, outside the stream: a failed try's MODIFY
   * is not passed on.
   */
  newDelivery: {
    eventName: ['INSERT' satisfies DynamoDBRecord['eventName']],
    dynamodb: {
      NewImage: {
        kind: { S: [ITEM_KIND.delivery] },
        status: { S: ['PENDING' satisfies Delivery['status']] },
        attempts: { N: ['0'] },
      } satisfies ImagePattern<Delivery>,
    },
  },
} as const satisfies Record<string, FilterPattern>;

/** The stream handlers, by the names the local runtime and the stack give them. */
export const STREAM_HANDLER_NAMES = ['notice-changes', 'outbox'] as const;
export type StreamHandlerName = (typeof STREAM_HANDLER_NAMES)[number];

/** Each handler's filter patterns: a record reaches the handler when any of them matches it. */
export const STREAM_FILTERS: Record<StreamHandlerName, readonly FilterPattern[]> = {
  'notice-changes': [STREAM_PATTERNS.materialPublication, STREAM_PATTERNS.newFanOutStep],
  outbox: [STREAM_PATTERNS.newDelivery],
};

/**
 * How many times a record that keeps failing is retried before it is set
 * aside: the event source mappings' retryAttempts (then the dead-letter
 * queue), and the local stream pump's.
 */
export const STREAM_RETRY_ATTEMPTS = 5;

/** Whether an event source mapping with these filters passes the record on. */
export function passesFilters(record: DynamoDBRecord, patterns: readonly FilterPattern[]): boolean {
  return patterns.some((pattern) => matchesPattern(record, pattern));
}

/**
 * Lambda event filtering, as far as the patterns above use it: every field the
 * pattern names must match; a nested pattern matches the object the field
 * holds; a list matches a field equal to one of its strings or booleans, or
 * starting with one of its prefixes. A field the record lacks matches nothing.
 */
export function matchesPattern(value: unknown, pattern: FilterPattern): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const fields = value as Record<string, unknown>;
  return Object.entries(pattern).every(([name, rule]) =>
    isValueList(rule)
      ? rule.some((allowed) => matchesValue(fields[name], allowed))
      : matchesPattern(fields[name], rule),
  );
}

function isValueList(rule: FilterPattern | readonly FilterValue[]): rule is readonly FilterValue[] {
  return Array.isArray(rule);
}

function matchesValue(field: unknown, allowed: FilterValue): boolean {
  return typeof allowed === 'object'
    ? typeof field === 'string' && field.startsWith(allowed.prefix)
    : field === allowed;
}
