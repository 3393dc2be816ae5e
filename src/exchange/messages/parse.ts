import type { z } from 'zod';
import type { InputError } from '../../core/errors.js';
import { issuesToErrors } from '../../scenario/validation-issues.js';
import {
  type AnyMessage,
  type Message,
  messageSchema,
  type ReleasedMessage,
  releasedMessageSchema,
} from './message.js';

/**
 * Parsing of received data into messages. Bad input is a value, not an exception: the server turns
 * the errors into a 4xx answer and the command line into one line per problem. Each error names the
 * field path, the value and the expectation, through the same zod-issue translation the scenario
 * files use (scenario/validation-issues.ts); there is no line or column, since messages arrive as
 * parsed JSON, so `source` names where the data came from instead.
 */

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly InputError[] };

/** Validate data against any schema, with errors in the same form. */
export function parseWith<T>(schema: z.ZodType<T>, data: unknown, source: string): Parsed<T> {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  const doc = { file: source, data, locate: () => undefined };
  return { ok: false, errors: issuesToErrors(doc, result.error.issues) };
}

/** A message as a sender publishes it. */
export function parseMessage(data: unknown, source = 'message'): Parsed<Message> {
  return parseWith(messageSchema, data, source);
}

/** A message as released to a partner (with `release`, body fields possibly removed). */
export function parseReleasedMessage(data: unknown, source = 'message'): Parsed<ReleasedMessage> {
  return parseWith(releasedMessageSchema, data, source);
}

/** Either form, chosen by the presence of `release`, so errors speak of the form that was meant. */
export function parseAnyMessage(data: unknown, source = 'message'): Parsed<AnyMessage> {
  const isRelease = typeof data === 'object' && data !== null && 'release' in data;
  return isRelease ? parseReleasedMessage(data, source) : parseMessage(data, source);
}
