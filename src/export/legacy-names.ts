/**
 * Reading spans written under earlier names of the GenAI conventions (another tool's export, or
 * an older spanlens): each legacy attribute becomes its current name (core/semconv.ts,
 * LEGACY_ATTRIBUTE_NAMES), so the panel, the totals and a re-export see one vocabulary. A span
 * that has both keeps the current one.
 */
import type { Attributes } from '../core/span';
import { GEN_AI_RESPONSE_FINISH_REASONS, LEGACY_ATTRIBUTE_NAMES } from '../core/semconv';

const has = (attributes: Attributes, key: string) => Object.prototype.hasOwnProperty.call(attributes, key);

/** The same object, legacy names replaced by current ones. */
export function currentAttributeNames(attributes: Attributes): Attributes {
  for (const [legacy, current] of Object.entries(LEGACY_ATTRIBUTE_NAMES)) {
    if (!has(attributes, legacy)) continue;
    const value = attributes[legacy];
    delete attributes[legacy];
    if (has(attributes, current)) continue;
    // finish_reason was one string; finish_reasons is a list.
    attributes[current] = current === GEN_AI_RESPONSE_FINISH_REASONS && typeof value === 'string' ? [value] : value;
  }
  return attributes;
}
