'use client';

import { useSyncExternalStore } from 'react';
import type { Messages, Locale } from '../../lib/i18n/catalog';
import type { AttemptDTO } from '../../lib/site/dto';
import { percent } from './numbers';
import { ScoreTags } from './ScoreTags';

/** Every recorded attempt at this exercise, newest first; each can be opened. */
export function History({
  attempts,
  t,
  grades,
  status,
  locale,
  openId,
  onOpen,
}: {
  attempts: AttemptDTO[];
  t: Messages['history'];
  grades: Messages['grades'];
  status: Messages['feedback']['status'];
  locale: Locale;
  openId: string | null;
  onOpen(id: string): void;
}) {
  const time = useTimeFormat(locale);
  return (
    <section className="history" aria-labelledby="history-title">
      <h2 id="history-title">{t.title}</h2>
      {attempts.length === 0 ? (
        <p className="muted">{t.empty}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t.when}</th>
              <th scope="col">{t.result}</th>
              <th scope="col">
                <span className="sr-only">{t.open}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {attempts.map((a) => (
              <tr key={a.id} aria-current={a.id === openId ? 'true' : undefined} data-attempt={a.id}>
                <td>
                  <time dateTime={new Date(a.createdAt).toISOString()}>{time(a.createdAt)}</time>
                </td>
                <td>
                  <span className={`status-dot status-${a.status}`} aria-hidden="true" /> {status[a.status]} · {percent(a.score)}
                  <ScoreTags override={a.override} lateFactor={a.late ? (a.lateFactor ?? 1) : null} grades={grades} />
                </td>
                <td>
                  <button type="button" className="link-button" onClick={() => onOpen(a.id)}>
                    {t.open}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Formatters by locale, made once: the store below must hand out the same one each time. */
const formatters = new Map<Locale, Intl.DateTimeFormat>();
function formatterFor(locale: Locale): Intl.DateTimeFormat {
  let fmt = formatters.get(locale);
  if (!fmt) formatters.set(locale, (fmt = new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium' })));
  return fmt;
}

/** The browser's time zone never changes under an open page: nothing to subscribe to. */
const subscribeNever = () => () => undefined;

/**
 * Local time needs the browser's time zone: the server (and hydration) render a neutral UTC form,
 * the browser its local time right after.
 */
export function useTimeFormat(locale: Locale): (ms: number) => string {
  const fmt = useSyncExternalStore(
    subscribeNever,
    () => formatterFor(locale),
    () => null,
  );
  return (ms) => (fmt ? fmt.format(ms) : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`);
}
