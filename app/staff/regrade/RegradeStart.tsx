'use client';

import { useState } from 'react';
import type { Messages } from '../../../lib/i18n/catalog';
import { RegradeButton } from '../RegradeButton';

export function RegradeStart({ exercises, t }: { exercises: { id: string; title: string }[]; t: Messages['course']['regrade'] & { failed: string } }) {
  const [exerciseId, setExerciseId] = useState(exercises[0]?.id ?? '');
  return (
    <div className="staff-filters">
      <label>
        {t.exercise}
        <select value={exerciseId} onChange={(e) => setExerciseId(e.target.value)}>
          {exercises.map((e) => (
            <option key={e.id} value={e.id}>{`${e.id} — ${e.title}`}</option>
          ))}
        </select>
      </label>
      <RegradeButton key={exerciseId} exerciseId={exerciseId} label={t.start} dryRunOption t={t} />
    </div>
  );
}
