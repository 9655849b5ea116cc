// Counts what the sinks wrote: every file under each sink unit's events directory (file_roll rolls a new file
// per interval and per start), matched against the ids the test sent. A line still being written (no newline
// yet) is not counted, so a cut id never reads as another one.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { idsIn } from './event-ids';

/** Where one sink unit writes: a label (the unit name) and the host path of its events directory. */
export interface SinkFiles {
  readonly label: string;
  readonly dir: string;
}

export interface DeliveryCount {
  /** Distinct expected ids found at least once. */
  readonly delivered: number;
  /** Expected ids found nowhere. */
  readonly lost: number;
  /** Extra copies of expected ids (an id found 3 times counts 2). */
  readonly duplicated: number;
  /** Expected ids found, per sink label (copies included). */
  readonly perSink: Readonly<Record<string, number>>;
  /** Up to 10 lost ids, for the failure message. */
  readonly lostSample: readonly string[];
}

/** Reads every sink's files and counts the expected ids in them. A missing directory holds nothing. */
export async function countDelivered(sinks: readonly SinkFiles[], expected: readonly string[]): Promise<DeliveryCount> {
  const wanted = new Set(expected);
  const seen = new Map<string, number>();
  const perSink: Record<string, number> = {};
  for (const sink of sinks) {
    let found = 0;
    for (const text of await readCompleteLines(sink.dir)) {
      for (const id of idsIn(text)) {
        if (!wanted.has(id)) continue;
        seen.set(id, (seen.get(id) ?? 0) + 1);
        found += 1;
      }
    }
    perSink[sink.label] = (perSink[sink.label] ?? 0) + found;
  }
  const lostIds = expected.filter((id) => !seen.has(id));
  let duplicated = 0;
  for (const copies of seen.values()) duplicated += copies - 1;
  return { delivered: seen.size, lost: lostIds.length, duplicated, perSink, lostSample: lostIds.slice(0, 10) };
}

/** The one-line summary every real-Flume test prints, so the numbers can be quoted. */
export function formatCount(scenario: string, count: DeliveryCount): string {
  const sinks = Object.entries(count.perSink).map(([label, n]) => `${label}=${n}`).join(' ');
  return `${scenario}: delivered=${count.delivered} lost=${count.lost} duplicated=${count.duplicated}${sinks ? ` (per sink: ${sinks})` : ''}`;
}

async function readCompleteLines(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const texts: string[] = [];
  for (const name of names.sort()) {
    let text: string;
    try {
      text = await readFile(join(dir, name), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR') continue;
      throw error;
    }
    const end = text.lastIndexOf('\n');
    if (end >= 0) texts.push(text.slice(0, end + 1));
  }
  return texts;
}
