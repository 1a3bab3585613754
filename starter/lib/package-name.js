// npm's rules for the name of a new package (those of validate-npm-package-name),
// checked here so a bad name fails before anything is written.
import { builtinModules } from 'node:module';

const RESERVED = new Set(['node_modules', 'favicon.ico']);

/**
 * The problems with `name` as the name of a new npm package; empty when it is fine.
 * @param {string} name
 * @returns {string[]}
 */
export function packageNameProblems(name) {
  if (typeof name !== 'string' || name.length === 0) return ['the name is empty'];
  const problems = [];
  if (name.length > 214) problems.push('a name has at most 214 characters');
  if (name.trim() !== name) problems.push('a name cannot start or end with spaces');
  if (name.startsWith('.') || name.startsWith('_')) problems.push('a name cannot start with "." or "_"');
  if (name.toLowerCase() !== name) problems.push('a name is all lowercase');
  if (RESERVED.has(name.toLowerCase())) problems.push(`"${name}" is reserved`);
  if (builtinModules.includes(name)) problems.push(`"${name}" is a node core module`);
  const scoped = /^@([^/]+)\/([^/]+)$/.exec(name);
  if (name.startsWith('@') && !scoped) problems.push('a scoped name looks like @scope/name');
  const parts = scoped ? [scoped[1], scoped[2]] : [name];
  if (parts.some((p) => /[~'!()*]/.test(p))) problems.push('a name cannot contain ~\'!()*');
  if (parts.some((p) => encodeURIComponent(p) !== p) && !problems.some((p) => p.includes('spaces'))) {
    problems.push('a name holds only URL-safe characters (letters, digits, - . _)');
  }
  return problems;
}
