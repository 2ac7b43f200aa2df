import type { MathValue as MathValueData } from '../../grader/results';
import { formatNumber } from './numbers';

/**
 * A number, vector or matrix laid out as mathematics: a matrix in rows between brackets, a vector
 * as one bracketed row that wraps on a narrow screen instead of scrolling sideways. `mark` (0-based
 * indices) highlights one element, e.g. the worst one; `digits` is the precision of the others.
 */
export function MathValue({ name, value, mark, markText }: { name?: string; value: MathValueData; mark?: number[]; markText?: string }) {
  return (
    <div className="math-value">
      {name !== undefined && (
        <span className="math-name">
          {name} <span aria-hidden="true">=</span>
        </span>
      )}
      <Body value={value} mark={mark} markText={markText} />
    </div>
  );
}

function Body({ value, mark, markText }: { value: MathValueData; mark?: number[]; markText?: string }) {
  if (!Array.isArray(value)) return <span className="math-scalar">{formatNumber(value)}</span>;
  if (value.length > 0 && Array.isArray(value[0])) {
    const rows = value as (number | string)[][];
    return (
      <span className="matrix-wrap">
        <table className="matrix">
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                {row.map((v, j) => {
                  const marked = mark?.length === 2 && mark[0] === i && mark[1] === j;
                  return (
                    <td key={j} className={marked ? 'marked' : undefined}>
                      {marked && markText !== undefined ? markText : short(v)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </span>
    );
  }
  const entries = value as (number | string)[];
  return (
    <span className="vector">
      {entries.map((v, i) => {
        const marked = mark?.length === 1 && mark[0] === i;
        return (
          <span key={i} className={marked ? 'marked' : undefined}>
            {marked && markText !== undefined ? markText : short(v)}
          </span>
        );
      })}
    </span>
  );
}

/** Five significant digits: enough to read a layer's numbers; the marked element carries all it needs. */
function short(v: number | string): string {
  if (typeof v === 'string') return v;
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e6)) return v.toExponential(3);
  return String(Number(v.toPrecision(5)));
}
