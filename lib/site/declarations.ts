/**
 * The exercise's public surface, as TypeScript declarations for the editor: every exported
 * function's signature (with its doc comment) and every type or interface of the starter, bodies
 * removed. A small scanner rather than the TypeScript compiler, which the server does not load:
 * starters are plain, well-formed files.
 */
export function starterDeclarations(source: string): string {
  const out: string[] = [];
  const n = source.length;
  let i = 0;
  let pendingDoc = '';

  while (i < n) {
    i = skipSpace(source, i);
    if (i >= n) break;
    if (source.startsWith('/**', i)) {
      const end = source.indexOf('*/', i + 3);
      const stop = end < 0 ? n : end + 2;
      pendingDoc = source.slice(i, stop);
      i = stop;
      continue;
    }
    if (source.startsWith('//', i) || source.startsWith('/*', i)) {
      i = skipComment(source, i);
      continue;
    }
    const rest = source.slice(i, i + 200);
    const fn = /^(export\s+)(?:async\s+)?function\s*\*?\s*[A-Za-z_$][\w$]*/.exec(rest);
    const type = /^(?:export\s+)?(?:declare\s+)?(?:type|interface|enum)\s+[A-Za-z_$][\w$]*/.exec(rest);
    const cls = /^export\s+(?:abstract\s+)?class\s+[A-Za-z_$][\w$]*/.exec(rest);
    const start = i;
    const end = statementEnd(source, i);
    if (fn) {
      const body = functionBodyStart(source, start, end);
      const signature = withReturnType(withoutDefaults(source.slice(start, body ?? end).trim().replace(/\basync\s+/, '')));
      out.push(`${pendingDoc ? `${pendingDoc}\n` : ''}${signature};`);
    } else if (type) {
      out.push(`${pendingDoc ? `${pendingDoc}\n` : ''}${source.slice(start, end).trim()}`);
    } else if (cls) {
      const declaration = classDeclaration(source.slice(start, end));
      if (declaration) out.push(`${pendingDoc ? `${pendingDoc}\n` : ''}${declaration}`);
    }
    pendingDoc = '';
    i = end;
  }
  return out.join('\n\n');
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && /\s/.test(s[i]!)) i++;
  return i;
}

function skipComment(s: string, i: number): number {
  if (s.startsWith('//', i)) {
    const end = s.indexOf('\n', i);
    return end < 0 ? s.length : end + 1;
  }
  const end = s.indexOf('*/', i + 2);
  return end < 0 ? s.length : end + 2;
}

function skipString(s: string, i: number): number {
  const quote = s[i]!;
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === quote) return j + 1;
    else if (quote !== '`' && s[j] === '\n') return j;
  }
  return s.length;
}

/**
 * End of the top-level statement starting at i: a `;` or a closing `}` at depth 0 followed by a
 * line break, or a line break at depth 0 when the next line does not continue the statement.
 */
function statementEnd(s: string, i: number): number {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s[j]!;
    if (c === '"' || c === "'" || c === '`') {
      j = skipString(s, j) - 1;
    } else if (s.startsWith('//', j) || s.startsWith('/*', j)) {
      j = skipComment(s, j) - 1;
    } else if (c === '{' || c === '(' || c === '[') {
      depth++;
    } else if (c === '}' || c === ')' || c === ']') {
      depth--;
      if (depth === 0 && c === '}') {
        const next = skipSpace(s, j + 1);
        if (s[next] === ';') return next + 1;
        if (!/^[|&=.?:,)]/.test(s.slice(next, next + 1)) || next >= s.length) return j + 1;
      }
    } else if (depth === 0 && c === ';') {
      return j + 1;
    } else if (depth === 0 && c === '\n') {
      const next = skipSpace(s, j + 1);
      if (next >= s.length || !/^[|&=.?:,<>]/.test(s[next]!) ) {
        const line = s.slice(i, j).trim();
        if (line && !/[=|&,:(<]$/.test(line)) return j;
      }
    }
  }
  return s.length;
}

/** Where a function's body `{` is: the first `{` at depth 0, after the parameters, not part of a type. */
function functionBodyStart(s: string, start: number, end: number): number | undefined {
  let depth = 0;
  let seenParams = false;
  let prev = '';
  for (let j = start; j < end; j++) {
    const c = s[j]!;
    if (c === '"' || c === "'" || c === '`') {
      j = skipString(s, j) - 1;
      prev = c;
      continue;
    }
    if (s.startsWith('//', j) || s.startsWith('/*', j)) {
      j = skipComment(s, j) - 1;
      continue;
    }
    if (/\s/.test(c)) continue;
    if (c === '{' && depth === 0 && seenParams && !/[:|&<,(]|=>$/.test(prev)) return j;
    if (c === '(' || c === '[' || c === '{' || c === '<') depth++;
    if (c === ')' || c === ']' || c === '}' || (c === '>' && prev !== '=')) {
      depth--;
      if (c === ')' && depth === 0) seenParams = true;
    }
    prev = c === '>' && prev === '=' ? '=>' : c;
  }
  return undefined;
}

/**
 * `export class C { … }` as an ambient class: public members with their doc
 * comments, method bodies and initialisers removed, constructor parameter properties turned into
 * property declarations (an ambient constructor may not declare them).
 */
function classDeclaration(text: string): string | undefined {
  const open = text.indexOf('{');
  if (open < 0 || !text.trimEnd().endsWith('}')) return undefined;
  // Declared inside `declare module '…'`, which is ambient already: no `declare` of its own.
  const head = text.slice(0, open).trim();
  const body = text.slice(open + 1, text.trimEnd().length - 1);
  const members: string[] = [];
  let i = 0;
  let doc = '';
  while (i < body.length) {
    i = skipSpace(body, i);
    if (i >= body.length) break;
    if (body.startsWith('/**', i)) {
      const end = body.indexOf('*/', i + 3);
      const stop = end < 0 ? body.length : end + 2;
      doc = body.slice(i, stop).replace(/\n\s*/g, '\n   ');
      i = stop;
      continue;
    }
    if (body.startsWith('//', i) || body.startsWith('/*', i)) {
      i = skipComment(body, i);
      continue;
    }
    const end = statementEnd(body, i);
    const member = body.slice(i, end).trim();
    i = end;
    if (member === '' || member === ';') continue;
    const note = doc ? `  ${doc}\n` : '';
    doc = '';
    if (/^(private\b|#|static\s+#)/.test(member)) continue;
    const bodyAt = functionBodyStart(member, 0, member.length);
    if (bodyAt !== undefined) {
      const signature = withoutDefaults(member.slice(0, bodyAt).trim().replace(/^(public\s+|async\s+)+/, ''));
      if (/^constructor\s*\(/.test(signature)) {
        const { params, properties } = constructorParts(signature);
        for (const p of properties) members.push(`  ${p};`);
        members.push(`${note}  constructor(${params});`);
      } else {
        members.push(`${note}  ${withReturnType(signature)};`);
      }
    } else {
      const property = member.replace(/;$/, '').replace(/^public\s+/, '');
      const eq = topLevelIndex(property, '=');
      const declared = (eq < 0 ? property : property.slice(0, eq)).trim();
      members.push(`${note}  ${declared.includes(':') ? declared : `${declared}: ${literalType(eq < 0 ? '' : property.slice(eq + 1))}`};`);
    }
  }
  return `${head} {\n${members.join('\n')}\n}`;
}

function constructorParts(signature: string): { params: string; properties: string[] } {
  const inner = signature.slice(signature.indexOf('(') + 1, signature.lastIndexOf(')'));
  const properties: string[] = [];
  const params = splitTopLevel(inner)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const m = /^((?:public|private|protected|readonly)\s+)+/.exec(p);
      if (!m) return p;
      const bare = p.slice(m[0].length);
      if (!/\b(private|protected)\b/.test(m[0])) {
        const eq = topLevelIndex(bare, '=');
        properties.push(`${/readonly/.test(m[0]) ? 'readonly ' : ''}${(eq < 0 ? bare : bare.slice(0, eq)).trim().replace(/\?$/, '')}`);
      }
      return bare;
    });
  return { params: params.join(', '), properties };
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let last = 0;
  for (let j = 0; j < s.length; j++) {
    const c = s[j]!;
    if ('([{<'.includes(c)) depth++;
    else if (')]}>'.includes(c) && !(c === '>' && s[j - 1] === '=')) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(s.slice(last, j));
      last = j + 1;
    }
  }
  parts.push(s.slice(last));
  return parts;
}

/** First `ch` outside brackets, or -1 (the `=` of `=>` does not count). */
function topLevelIndex(s: string, ch: string): number {
  let depth = 0;
  for (let j = 0; j < s.length; j++) {
    const c = s[j]!;
    if ('([{<'.includes(c)) depth++;
    else if (')]}'.includes(c) || (c === '>' && s[j - 1] !== '=')) depth--;
    else if (c === ch && depth === 0 && s[j + 1] !== '>' && s[j + 1] !== '=') return j;
  }
  return -1;
}

/** `x: T = v` and `x = v` parameters become optional (`x?: T`): declarations carry no values. */
function withoutDefaults(signature: string): string {
  const open = signature.indexOf('(');
  if (open < 0) return signature;
  let depth = 0;
  let close = -1;
  for (let j = open; j < signature.length; j++) {
    const c = signature[j]!;
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) {
      close = j;
      break;
    }
  }
  if (close < 0) return signature;
  const params = splitTopLevel(signature.slice(open + 1, close)).map((param) => {
    const eq = topLevelIndex(param, '=');
    if (eq < 0) return param;
    const declared = param.slice(0, eq).trim();
    const colon = topLevelIndex(declared, ':');
    const name = (colon < 0 ? declared : declared.slice(0, colon)).trim().replace(/\?$/, '');
    const type = colon < 0 ? literalType(param.slice(eq + 1)) : declared.slice(colon + 1).trim();
    return `${param.match(/^\s*/)?.[0] ?? ''}${name}?: ${type}`;
  });
  return `${signature.slice(0, open + 1)}${params.join(',')}${signature.slice(close)}`;
}

/** The type of a simple initialiser, else `unknown`. */
function literalType(init: string): string {
  const v = init.trim();
  if (/^-?(\d|\.\d)[\d._eE+-]*$/.test(v)) return 'number';
  if (/^(['"`]).*\1$/s.test(v)) return 'string';
  if (v === 'true' || v === 'false') return 'boolean';
  return 'unknown';
}

/** A signature without a return type says `unknown` (a declaration cannot infer one). */
function withReturnType(signature: string): string {
  let depth = 0;
  let close = -1;
  for (let j = 0; j < signature.length; j++) {
    const c = signature[j]!;
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) {
      close = j;
      break;
    }
  }
  if (close < 0 || /^\s*:/.test(signature.slice(close + 1))) return signature;
  return `${signature.slice(0, close + 1)}: unknown${signature.slice(close + 1)}`;
}
