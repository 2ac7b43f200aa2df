import { compileQuestion, type Issue } from './compile';
import { paramValues, placeholders } from './params';
import type { Question, QuizFile, Text } from './schema';

/**
 * The rules a schema cannot express: unique ids, options that exist, formulas that parse and use
 * only declared names, parameters with something to draw, `{{name}}` that names a parameter.
 * Paths are those of the YAML file, so the loader can report each problem at its line.
 */
export function checkQuiz(quiz: QuizFile): Issue[] {
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  quiz.questions.forEach((q, i) => {
    const at = (path: (string | number)[], message: string) => issues.push({ path: ['questions', i, ...path], message });
    const first = seen.get(q.id);
    if (first !== undefined) at(['id'], `duplicate question id "${q.id}" (also question ${first + 1})`);
    seen.set(q.id, i);
    checkQuestion(q, at);
    for (const issue of compileQuestion(q).issues) at(issue.path, issue.message);
  });
  return issues;
}

function checkQuestion(q: Question, at: (path: (string | number)[], message: string) => void): void {
  if (q.type === 'single' || q.type === 'multiple') {
    const ids = new Set<string>();
    q.options.forEach((o, j) => {
      if (ids.has(o.id)) at(['options', j, 'id'], `duplicate option id "${o.id}"`);
      ids.add(o.id);
    });
    const correct = q.type === 'single' ? [q.correct] : q.correct;
    correct.forEach((id, j) => {
      const path = q.type === 'single' ? ['correct'] : ['correct', j];
      if (!ids.has(id)) at(path, `no option has the id "${id}" (options: ${[...ids].join(', ')})`);
      if (correct.indexOf(id) !== j) at(path, `"${id}" is listed twice`);
    });
    if (q.type === 'multiple' && correct.length === q.options.length) at(['correct'], 'every option is correct; add at least one wrong option');
  }

  for (const [name, p] of Object.entries(q.params ?? {})) {
    if ('min' in p && p.min > p.max) at(['params', name], 'min must not exceed max');
    else if (paramValues(p).length === 0) at(['params', name], 'no value left to draw (check min, max, step and exclude)');
    else if ('min' in p && (p.max - p.min) / p.step > 100_000) at(['params', name], 'more than 100 000 values; use a larger step');
  }

  const known = new Set([...Object.keys(q.params ?? {}), ...Object.keys(q.derived ?? {})]);
  for (const { path, text } of texts(q)) {
    for (const lang of ['en', 'zh'] as const) {
      for (const name of placeholders(text[lang])) {
        if (!known.has(name)) {
          at([...path, lang], known.size === 0 ? `{{${name}}}: this question declares no params` : `{{${name}}} names no param or derived value (known: ${[...known].join(', ')})`);
        }
      }
    }
  }
}

/** Every text of a question with its path. */
export function texts(q: Question): { path: (string | number)[]; text: Text }[] {
  const out: { path: (string | number)[]; text: Text }[] = [{ path: ['prompt'], text: q.prompt }];
  if (q.explanation) out.push({ path: ['explanation'], text: q.explanation });
  if (q.type === 'single' || q.type === 'multiple') {
    q.options.forEach((o, j) => {
      out.push({ path: ['options', j, 'text'], text: o.text });
      if (o.feedback) out.push({ path: ['options', j, 'feedback'], text: o.feedback });
    });
  }
  if (q.type === 'numeric' && q.unit) out.push({ path: ['unit'], text: q.unit });
  if (q.type === 'numeric' || q.type === 'expression' || q.type === 'matrix') {
    q.wrongAnswers.forEach((w, j) => {
      if (typeof w !== 'string' && w.feedback) out.push({ path: ['wrongAnswers', j, 'feedback'], text: w.feedback });
    });
  }
  return out;
}
