/**
 * A mistake's unified diff against the reference solution, one line a row in the review page's diff
 * style: removed and added lines are coloured and keep their `-`/`+`, so colour is not the only mark.
 */
export function MistakeDiff({ diff }: { diff: string }) {
  const lines = diff.replace(/\n$/, '').split('\n');
  const kind = (line: string) => (line.startsWith('+') && !line.startsWith('+++') ? 'diff-add' : line.startsWith('-') && !line.startsWith('---') ? 'diff-del' : '');
  return (
    <div className="diff" data-testid="mistake-diff">
      {lines.map((line, i) => (
        <div key={i} className={kind(line)}>
          {line || ' '}
        </div>
      ))}
    </div>
  );
}
