/** `aigne-hub-usage-calls-2025-01-15` style names: safe on every OS. */
export function exportName(...parts: string[]): string {
  return ['aigne-hub-usage', ...parts]
    .join('-')
    .replace(/[^\w.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/-$/, '')
    .toLowerCase();
}
