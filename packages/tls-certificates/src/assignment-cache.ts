// The endpoint's memory in unit state: the current request and, per relation, the checked answer to it.
// A provider's answer only changes in that relation's hooks, so every other hook answers from here.
// Types only from ./assignment, so this file loads neither node:crypto nor zod.
import type { Assignment } from './assignment';

/** Bump when the stored shape or the checks change: a mismatch re-reads every relation once. */
export const ASSIGNMENTS_VERSION = 1;
export const REQUEST_KEY = 'request';
export const REQUESTED_AT_KEY = 'requested-at';
export const ASSIGNMENTS_KEY = 'assignments';

type StoredAssignment =
  | { kind: 'none' }
  | { kind: 'invalid'; reason: string }
  | {
      kind: 'assigned';
      certificate: string;
      ca: string;
      chain: string[];
      caBundle: string;
      fingerprint256: string;
      notBefore: string;
      notAfter: string;
      renewAt: string;
      revoked: boolean;
    };

export type StoredAssignments = {
  readonly version: number;
  /** The request these answers are for: a changed request invalidates them all. */
  readonly csr: string;
  readonly byRelation: Record<string, StoredAssignment>;
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isDate = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));

function restored(value: unknown): Assignment | undefined {
  if (!isObject(value)) return undefined;
  if (value.kind === 'none') return { kind: 'none' };
  if (value.kind === 'invalid') return typeof value.reason === 'string' ? { kind: 'invalid', reason: value.reason } : undefined;
  const { certificate, ca, chain, caBundle, fingerprint256, notBefore, notAfter, renewAt, revoked } = value;
  if (
    value.kind !== 'assigned' ||
    typeof certificate !== 'string' ||
    typeof ca !== 'string' ||
    !Array.isArray(chain) ||
    !chain.every((c) => typeof c === 'string') ||
    typeof caBundle !== 'string' ||
    typeof fingerprint256 !== 'string' ||
    !isDate(notBefore) ||
    !isDate(notAfter) ||
    !isDate(renewAt) ||
    typeof revoked !== 'boolean'
  ) {
    return undefined;
  }
  return {
    kind: 'assigned',
    certificate,
    ca,
    chain: chain as string[],
    caBundle,
    fingerprint256,
    notBefore: new Date(notBefore),
    notAfter: new Date(notAfter),
    renewAt: new Date(renewAt),
    revoked,
  };
}

/** The stored answers, if they are of this version and for `csr`; undefined tells the caller to re-read. */
export function readAssignments(stored: unknown, csr: string): Map<string, Assignment> | undefined {
  if (!isObject(stored) || stored.version !== ASSIGNMENTS_VERSION || stored.csr !== csr || !isObject(stored.byRelation)) return undefined;
  const answers = new Map<string, Assignment>();
  for (const [relationId, value] of Object.entries(stored.byRelation)) {
    const assignment = restored(value);
    if (!assignment) return undefined;
    answers.set(relationId, assignment);
  }
  return answers;
}

export function storedAssignments(csr: string, answers: ReadonlyMap<string, Assignment>): StoredAssignments {
  const byRelation: Record<string, StoredAssignment> = {};
  for (const [relationId, a] of answers) {
    byRelation[relationId] =
      a.kind !== 'assigned'
        ? a.kind === 'none'
          ? { kind: 'none' }
          : { kind: 'invalid', reason: a.reason }
        : {
            kind: 'assigned',
            certificate: a.certificate,
            ca: a.ca,
            chain: [...a.chain],
            caBundle: a.caBundle,
            fingerprint256: a.fingerprint256,
            notBefore: a.notBefore.toISOString(),
            notAfter: a.notAfter.toISOString(),
            renewAt: a.renewAt.toISOString(),
            revoked: a.revoked,
          };
  }
  return { version: ASSIGNMENTS_VERSION, csr, byRelation };
}
