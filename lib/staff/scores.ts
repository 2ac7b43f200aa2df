// Which score counts is read by students' pages too, so it lives in lib/db (the student path
// does not import lib/staff).
export * from '../db/scores';
