// The command-line convention of the project's scripts, on node:util parseArgs:
// --help (or -h) prints the usage on stdout and exits 0; an unknown flag, a
// missing value or a stray argument prints what is wrong and the usage on
// stderr and exits 2. Scripts call this before importing dist/ or doing any
// work, so --help is instant and never has side effects.
import { parseArgs } from 'node:util';

/** Prints `name: message` and the usage on stderr, and exits 2. */
export function usageError(name, usage, message) {
  console.error(`${name}: ${message}\n\n${usage}`);
  process.exit(2);
}

/**
 * Parses process.argv (or `args`) strictly. `options` are parseArgs options;
 * `help` is added. Returns { values, positionals } (exits on --help or error).
 */
export function parseCli({ name, usage, options = {}, allowPositionals = false, maxPositionals = Infinity, args = process.argv.slice(2) }) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (err) {
    usageError(name, usage, err.message);
  }
  if (parsed.values.help) {
    console.log(usage);
    process.exit(0);
  }
  if (parsed.positionals.length > maxPositionals) usageError(name, usage, `unexpected argument '${parsed.positionals[maxPositionals]}'`);
  return parsed;
}

/** A whole number from `min` to `max` given as text, or the usage error. */
export function wholeNumber(name, usage, text, flag, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}) {
  const v = Number(text);
  if (!/^\d+$/.test(String(text)) || !Number.isSafeInteger(v) || v < min || v > max) {
    usageError(name, usage, `--${flag} must be a whole number from ${min} to ${max} (got '${text}')`);
  }
  return v;
}
