// The changes of every revision since the last compaction, in order: what watchers replay from.
import type { RevisionChanges } from '../types.js';

export class RevisionHistory {
  /** Dense: entry i holds revision first + i (every revision changes at least one key). */
  private entries: RevisionChanges[] = [];

  add(changes: RevisionChanges): void {
    const last = this.entries[this.entries.length - 1];
    if (last !== undefined && changes.revision !== last.revision + 1) {
      throw new Error(`revision history gap: ${last.revision} then ${changes.revision}`);
    }
    this.entries.push(changes);
  }

  /** The changes of revisions [from, to], at most `maxRevisions` of them. */
  range(from: number, to: number, maxRevisions = Number.POSITIVE_INFINITY): RevisionChanges[] {
    const first = this.entries[0]?.revision;
    if (first === undefined) return [];
    const start = Math.max(0, from - first);
    const end = Math.min(this.entries.length, to - first + 1, start + maxRevisions);
    return start >= end ? [] : this.entries.slice(start, end);
  }

  /** Forgets revisions before `revision`; the entry at `revision` keeps only what `keep` accepts. */
  compact(revision: number, keep: (changes: RevisionChanges) => RevisionChanges): void {
    const first = this.entries[0]?.revision;
    if (first === undefined) return;
    const at = revision - first;
    if (at > 0) this.entries = this.entries.slice(at);
    const head = this.entries[0];
    if (head !== undefined && head.revision === revision) this.entries[0] = keep(head);
  }
}
