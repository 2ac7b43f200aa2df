import 'server-only';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Viewer } from '../auth/roles';
import { getDb } from '../db';
import { countedItemsOf, type CountedItem } from '../db/counted-items';
import { newId } from '../db/ids';
import type { Database, ItemKind } from '../db/schema';
import { AccessError } from '../site/errors';
import { parseInput, requireOfferingInstructor, requireStaffOffering } from './access';
import { itemSources, type GradebookItem, type ItemSource } from './items';

/**
 * Assignments: an offering's grouping of catalogue items with its own points per item and order
 * ("Homework 3: 4.4 backprop"). They decide what counts in the offering's totals; an offering with
 * none counts every catalogue item at its own points, as before offerings existed.
 */

export type { CountedItem };

/**
 * The items an offering's totals count, in order, with the points each is worth there
 * (lib/db/counted-items.ts, shared with grade passback).
 */
export async function countedItems(db: Kysely<Database>, offeringId: string, sources: ItemSource[] = itemSources()): Promise<CountedItem[]> {
  return countedItemsOf(db, offeringId, sources.flatMap((s) => s.items()));
}

export interface AssignmentDTO {
  id: string;
  title: string;
  items: { kind: ItemKind; id: string; title: string; points: number; position: number }[];
}

export interface AssignmentsPage {
  assignments: AssignmentDTO[];
  catalogue: GradebookItem[];
  /** The viewer may change them (an instructor of an open offering). */
  canEdit: boolean;
}

export async function listAssignments(viewer: Viewer | null): Promise<AssignmentsPage> {
  const { who, offeringId } = requireStaffOffering(viewer, { read: true });
  const db = await getDb();
  const catalogue = itemSources().flatMap((s) => s.items());
  const titles = new Map(catalogue.map((i) => [`${i.kind}:${i.id}`, i.title]));
  const [assignments, items] = await Promise.all([
    db.selectFrom('assignment').select(['id', 'title']).where('offering_id', '=', offeringId).orderBy('position').orderBy('created_at').orderBy('id').execute(),
    db
      .selectFrom('assignment_item as i')
      .innerJoin('assignment as a', 'a.id', 'i.assignment_id')
      .select(['i.assignment_id', 'i.item_kind', 'i.item_id', 'i.points', 'i.position'])
      .where('a.offering_id', '=', offeringId)
      .orderBy('i.position')
      .orderBy('i.item_id')
      .execute(),
  ]);
  const canEdit = !who.offering?.archived && (who.role === 'instructor' || who.offering?.role === 'instructor');
  return {
    canEdit,
    catalogue,
    assignments: assignments.map((a) => ({
      id: a.id,
      title: a.title,
      items: items
        .filter((i) => i.assignment_id === a.id)
        .map((i) => ({ kind: i.item_kind, id: i.item_id, title: titles.get(`${i.item_kind}:${i.item_id}`) ?? i.item_id, points: Number(i.points), position: Number(i.position) })),
    })),
  };
}

const Title = z.string().trim().min(1).max(200);
const AssignmentId = z.uuid();

export async function createAssignment(viewer: Viewer | null, input: unknown): Promise<{ id: string }> {
  const { offeringId } = requireOfferingInstructor(viewer);
  const { title } = parseInput(z.object({ title: Title }), input);
  const db = await getDb();
  const last = await db.selectFrom('assignment').select((eb) => eb.fn.max('position').as('p')).where('offering_id', '=', offeringId).executeTakeFirst();
  const id = newId();
  await db.insertInto('assignment').values({ id, offering_id: offeringId, title, position: Number(last?.p ?? -1) + 1, created_at: Date.now() }).execute();
  return { id };
}

/** The assignment, when it belongs to the offering; else 404 (another offering's is not ours to touch). */
async function ownAssignment(db: Kysely<Database>, offeringId: string, assignmentId: string) {
  const row = await db.selectFrom('assignment').select(['id', 'position']).where('id', '=', assignmentId).where('offering_id', '=', offeringId).executeTakeFirst();
  if (!row) throw new AccessError(404, 'no such assignment');
  return row;
}

export async function renameAssignment(viewer: Viewer | null, input: unknown): Promise<void> {
  const { offeringId } = requireOfferingInstructor(viewer);
  const { assignmentId, title } = parseInput(z.object({ assignmentId: AssignmentId, title: Title }), input);
  const db = await getDb();
  await ownAssignment(db, offeringId, assignmentId);
  await db.updateTable('assignment').set({ title }).where('id', '=', assignmentId).execute();
}

export async function deleteAssignment(viewer: Viewer | null, input: unknown): Promise<void> {
  const { offeringId } = requireOfferingInstructor(viewer);
  const { assignmentId } = parseInput(z.object({ assignmentId: AssignmentId }), input);
  const db = await getDb();
  await ownAssignment(db, offeringId, assignmentId);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('assignment_item').where('assignment_id', '=', assignmentId).execute();
    await trx.deleteFrom('assignment').where('id', '=', assignmentId).execute();
  });
}

/** Moves an assignment one place up or down (positions are renumbered 0…n-1 in the new order). */
export async function moveAssignment(viewer: Viewer | null, input: unknown): Promise<void> {
  const { offeringId } = requireOfferingInstructor(viewer);
  const { assignmentId, direction } = parseInput(z.object({ assignmentId: AssignmentId, direction: z.enum(['up', 'down']) }), input);
  const db = await getDb();
  await ownAssignment(db, offeringId, assignmentId);
  const ids = (await db.selectFrom('assignment').select('id').where('offering_id', '=', offeringId).orderBy('position').orderBy('created_at').orderBy('id').execute()).map((r) => r.id);
  const at = ids.indexOf(assignmentId);
  const to = direction === 'up' ? at - 1 : at + 1;
  if (to < 0 || to >= ids.length) return;
  [ids[at], ids[to]] = [ids[to]!, ids[at]!];
  await db.transaction().execute(async (trx) => {
    for (const [position, id] of ids.entries()) await trx.updateTable('assignment').set({ position }).where('id', '=', id).execute();
  });
}

export const AssignmentItemsInput = z.object({
  assignmentId: AssignmentId,
  items: z
    .array(
      z.object({
        kind: z.enum(['exercise', 'quiz']),
        id: z.string().min(1).max(100),
        points: z.number().min(0).max(10_000),
        position: z.number().int().min(0).max(10_000).optional(),
      }),
    )
    .max(500),
});

/**
 * Replaces an assignment's items with these (points and order as given). An item counts in one
 * assignment of an offering at most, so its column and its points are never doubled.
 */
export async function setAssignmentItems(viewer: Viewer | null, input: unknown): Promise<void> {
  const { offeringId } = requireOfferingInstructor(viewer);
  const { assignmentId, items } = parseInput(AssignmentItemsInput, input);
  const db = await getDb();
  await ownAssignment(db, offeringId, assignmentId);
  const known = new Set(itemSources().flatMap((s) => s.items().map((i) => `${i.kind}:${i.id}`)));
  const unknown = items.find((i) => !known.has(`${i.kind}:${i.id}`));
  if (unknown) throw new AccessError(400, `no such ${unknown.kind}: ${unknown.id}`);
  const keys = items.map((i) => `${i.kind}:${i.id}`);
  if (new Set(keys).size !== keys.length) throw new AccessError(400, 'an item is listed twice');
  const elsewhere = await db
    .selectFrom('assignment_item as i')
    .innerJoin('assignment as a', 'a.id', 'i.assignment_id')
    .select(['i.item_kind', 'i.item_id', 'a.title'])
    .where('a.offering_id', '=', offeringId)
    .where('a.id', '!=', assignmentId)
    .execute();
  const taken = elsewhere.find((e) => keys.includes(`${e.item_kind}:${e.item_id}`));
  if (taken) throw new AccessError(400, `${taken.item_kind} ${taken.item_id} already counts in “${taken.title}”`);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('assignment_item').where('assignment_id', '=', assignmentId).execute();
    if (items.length === 0) return;
    await trx
      .insertInto('assignment_item')
      .values(items.map((i, n) => ({ assignment_id: assignmentId, item_kind: i.kind, item_id: i.id, points: i.points, position: i.position ?? n })))
      .execute();
  });
}

/** Copies one offering's assignments and their items into another (a new term starting from the last). */
export async function copyAssignments(db: Kysely<Database>, fromOfferingId: string, toOfferingId: string): Promise<void> {
  const assignments = await db.selectFrom('assignment').select(['id', 'title', 'position']).where('offering_id', '=', fromOfferingId).orderBy('position').orderBy('created_at').execute();
  for (const a of assignments) {
    const id = newId();
    await db.insertInto('assignment').values({ id, offering_id: toOfferingId, title: a.title, position: Number(a.position), created_at: Date.now() }).execute();
    const items = await db.selectFrom('assignment_item').select(['item_kind', 'item_id', 'points', 'position']).where('assignment_id', '=', a.id).execute();
    if (items.length > 0) {
      await db
        .insertInto('assignment_item')
        .values(items.map((i) => ({ assignment_id: id, item_kind: i.item_kind, item_id: i.item_id, points: Number(i.points), position: Number(i.position) })))
        .execute();
    }
  }
}
