/**
 * Waiting gradings, served round-robin by owner (student): one owner's long queue never delays
 * another's. Items without an owner share the owner ''.
 */
export class OwnerQueue<T extends { owner: string }> {
  private readonly lists = new Map<string, T[]>();
  /** Owners with waiting items, in the order they get their next turn. */
  private readonly turns: string[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds an item at the end of its owner's list; `front` puts it (and its owner's turn) first. */
  push(item: T, front = false): void {
    let list = this.lists.get(item.owner);
    if (!list) {
      list = [];
      this.lists.set(item.owner, list);
      if (front) this.turns.unshift(item.owner);
      else this.turns.push(item.owner);
    }
    if (front) list.unshift(item);
    else list.push(item);
    this.count++;
  }

  /** The next item in round-robin order whose owner `mayStart` one more; removed from the queue. */
  take(mayStart: (owner: string) => boolean): T | undefined {
    for (let i = 0; i < this.turns.length; i++) {
      const owner = this.turns[i]!;
      if (!mayStart(owner)) continue;
      const list = this.lists.get(owner)!;
      const item = list.shift()!;
      this.count--;
      this.turns.splice(i, 1);
      if (list.length > 0) this.turns.push(owner);
      else this.lists.delete(owner);
      return item;
    }
    return undefined;
  }

  /** Removes and returns every waiting item. */
  drain(): T[] {
    const all: T[] = [];
    for (const owner of this.turns.splice(0)) all.push(...(this.lists.get(owner) ?? []));
    this.lists.clear();
    this.count = 0;
    return all;
  }
}
