/**
 * A small YAML writer for plain JSON data, enough for promptfoo test files. Block style for
 * objects and lists; every string double-quoted (a JSON string literal is a valid YAML
 * double-quoted scalar once the three characters YAML reads as line breaks are escaped), so no
 * value can be mistaken for a number, a boolean, a comment or structure.
 */

export function toYaml(value: unknown): string {
  return block(value, 0).join('\n') + '\n';
}

function block(value: unknown, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}[]`];
    const lines: string[] = [];
    for (const item of value) {
      if (isContainer(item) && !isEmpty(item)) {
        const inner = block(item, indent + 2);
        // The first line of the item goes after the dash.
        lines.push(`${pad}- ${inner[0].slice(indent + 2)}`, ...inner.slice(1));
      } else {
        lines.push(`${pad}- ${scalar(item)}`);
      }
    }
    return lines;
  }
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return [`${pad}{}`];
    const lines: string[] = [];
    for (const key of keys) {
      const item = value[key];
      if (item === undefined) continue;
      if (isContainer(item) && !isEmpty(item)) lines.push(`${pad}${quote(key)}:`, ...block(item, indent + 2));
      else lines.push(`${pad}${quote(key)}: ${scalar(item)}`);
    }
    return lines;
  }
  return [`${pad}${scalar(value)}`];
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return '[]';
  if (isObject(value)) return '{}';
  return quote(String(value));
}

function quote(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029').replace(/\u0085/g, '\\u0085');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isContainer(value: unknown): boolean {
  return Array.isArray(value) || isObject(value);
}

function isEmpty(value: unknown): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value as object).length === 0;
}
