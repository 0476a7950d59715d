// Deterministic token counts and credits, so tests can assert exact numbers.
//
// Rules (documented in README.md):
// - a token is a whitespace-separated word;
// - prompt tokens = words over the text of every message (string content, or
//   the `text` parts of an array content); image parts, tool calls and role
//   names count nothing, and there is no per-message overhead;
// - credits = promptTokens × input rate + completionTokens × output rate,
//   rounded to 10 decimal places (image models: images × output rate).
import type { SandboxModel } from './models';

export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

/** The text of a message's content, whatever form the content takes. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const parts: string[] = [];
  for (const part of content) {
    if (part && typeof part === 'object' && 'text' in part && typeof part.text === 'string') parts.push(part.text);
  }
  return parts.join(' ');
}

export function promptTokens(messages: readonly { content?: unknown }[]): number {
  let total = 0;
  for (const message of messages) total += countWords(contentText(message.content));
  return total;
}

/** Rounds away binary noise (0.1 + 0.2) so credits compare exactly. */
export function roundCredits(value: number): number {
  return Math.round(value * 1e10) / 1e10;
}

export function tokenCredits(model: SandboxModel, inputTokens: number, outputTokens: number): number {
  return roundCredits(inputTokens * Number(model.inputRate) + outputTokens * Number(model.outputRate));
}

export function imageCredits(model: SandboxModel, images: number): number {
  return roundCredits(images * Number(model.outputRate));
}

/** Credits as a plain decimal string (never `1e-7`), as the hub's balance strings look. */
export function formatCredits(value: number): string {
  return roundCredits(value)
    .toFixed(10)
    .replace(/\.?0+$/, '');
}
