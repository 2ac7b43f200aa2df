import ts from 'typescript';

/**
 * The exercise's public surface for the editor, emitted by the TypeScript compiler from the
 * starter: what it exports (functions, classes, types), bodies removed, doc comments kept. The
 * editor wraps it in `declare module 'deltalab:exercise' { … }`, an ambient context where the
 * emitter's own `declare` modifiers are an error, so they are dropped.
 *
 * `transpileDeclaration` looks at this one file only (no type inference across files, no lib
 * loading): starters give their exports explicit types, which validation checks (`problems`).
 */
export function starterDeclarations(source: string): string {
  return emit(source).text;
}

/** Exports the emitter cannot type from the starter alone (e.g. a function without a return type). */
export function starterDeclarationProblems(source: string): { line: number; message: string }[] {
  return emit(source).problems;
}

const cache = new Map<string, { text: string; problems: { line: number; message: string }[] }>();

function emit(source: string) {
  let out = cache.get(source);
  if (out) return out;
  const result = ts.transpileDeclaration(source, {
    fileName: 'starter.ts',
    reportDiagnostics: true,
    compilerOptions: { strict: true, target: ts.ScriptTarget.ES2022, removeComments: false },
    transformers: { afterDeclarations: [withoutDeclare] },
  });
  const sf = ts.createSourceFile('starter.ts', source, ts.ScriptTarget.ES2022);
  out = {
    text: result.outputText.replace(/^export \{\};\n?/m, '').trim(),
    problems: (result.diagnostics ?? []).map((d) => ({
      line: d.start === undefined ? 1 : sf.getLineAndCharacterOfPosition(d.start).line + 1,
      message: ts.flattenDiagnosticMessageText(d.messageText, ' '),
    })),
  };
  // Starters are few and small; an edited one adds an entry (the old text is no longer asked for).
  if (cache.size > 500) cache.clear();
  cache.set(source, out);
  return out;
}

/** Drops `declare` from top-level statements (kept as `export function f(…): T;`). */
const withoutDeclare: ts.TransformerFactory<ts.SourceFile | ts.Bundle> = (context) => (node) => {
  if (!ts.isSourceFile(node)) return node;
  const statements = node.statements.map((s) => {
    const modifiers = ts.canHaveModifiers(s) ? ts.getModifiers(s) : undefined;
    if (!modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) return s;
    const kept = modifiers.filter((m) => m.kind !== ts.SyntaxKind.DeclareKeyword);
    return stripModifiers(context.factory, s, kept);
  });
  return context.factory.updateSourceFile(node, statements);
};

function stripModifiers(f: ts.NodeFactory, s: ts.Statement, m: ts.Modifier[]): ts.Statement {
  if (ts.isFunctionDeclaration(s)) return f.updateFunctionDeclaration(s, m, s.asteriskToken, s.name, s.typeParameters, s.parameters, s.type, s.body);
  if (ts.isClassDeclaration(s)) return f.updateClassDeclaration(s, m, s.name, s.typeParameters, s.heritageClauses, s.members);
  if (ts.isVariableStatement(s)) return f.updateVariableStatement(s, m, s.declarationList);
  if (ts.isEnumDeclaration(s)) return f.updateEnumDeclaration(s, m, s.name, s.members);
  if (ts.isModuleDeclaration(s)) return f.updateModuleDeclaration(s, m, s.name, s.body);
  if (ts.isInterfaceDeclaration(s)) return f.updateInterfaceDeclaration(s, m, s.name, s.typeParameters, s.heritageClauses, s.members);
  if (ts.isTypeAliasDeclaration(s)) return f.updateTypeAliasDeclaration(s, m, s.name, s.typeParameters, s.type);
  return s;
}
