// The requirer side of tls-certificates, for a certificate of this unit (the v4 library's unit mode).
// The unit publishes one CSR; each provider's answer is checked once, in that relation's own hooks, and kept in
// unit state: every other hook (update-status, config-changed) answers from there with no tool call, no zod and
// no node:crypto, so a hook costs the same however large the provider's databag is.
import { Endpoint, hookContext, setFlag, toggleFlag, type HookContext, type Relation } from '@flume-charms/reactive';
import type { Assignment } from './assignment';
import { ASSIGNMENTS_KEY, readAssignments, REQUEST_KEY, REQUESTED_AT_KEY, storedAssignments } from './assignment-cache';
import { KEYS, normalisePem, requirerData } from './contract';
import { InvalidRequestError } from './errors';

/** What the provider assigned to this unit's current request. */
export type AssignedCertificate =
  | { readonly kind: 'none' }
  | { readonly kind: 'invalid'; readonly reason: string; readonly relationId: string; readonly provider: string | null }
  | (Extract<Assignment, { kind: 'assigned' }> & { readonly relationId: string; readonly provider: string | null });

/** Where a relation's answer may have changed in this hook: joined or changed of this endpoint. */
function relationWithNewData(context: HookContext, endpointName: string): string | undefined {
  const ownHook = context.relationName === endpointName && context.actionName === undefined;
  const isDataHook = context.hookName.endsWith('-relation-joined') || context.hookName.endsWith('-relation-changed');
  return ownHook && isDataHook ? context.relationId : undefined;
}

/** Usable: assigned, not revoked, not expired. */
function isUsable(assignment: Assignment, now: Date): boolean {
  return assignment.kind === 'assigned' && !assignment.revoked && assignment.notAfter.getTime() > now.getTime();
}

export class TlsCertificatesRequires extends Endpoint {
  /** The checked answers to the current request, by relation id, in relation order. */
  private answers = new Map<string, Assignment>();

  protected override async manageFlags(): Promise<void> {
    const csr = this.currentRequest();
    const context = hookContext();
    const stored = csr === undefined ? undefined : readAssignments(this.kv.get(ASSIGNMENTS_KEY), csr);
    const rebuild = stored === undefined || context.hookName === 'upgrade-charm';
    const changed = relationWithNewData(context, this.endpointName);
    const next = new Map<string, Assignment>();
    for (const relation of this.relations) {
      const known = stored?.get(relation.relationId);
      const reuse = !rebuild && known !== undefined && relation.relationId !== changed;
      next.set(relation.relationId, reuse ? known : await this.answerOf(relation, csr));
    }
    this.remember(csr, next);
  }

  /**
   * Asks for a certificate for `csrPem` (a PEM PKCS#10 request for this unit's key, e.g. from createCsr()):
   * this unit's request list becomes [that CSR] (`ca: false`) on every relation of the endpoint, published at
   * the end of the hook, and to relations that join later. Asking again for the current CSR changes nothing.
   * Throws InvalidRequestError for anything that is not a PEM certificate request.
   */
  async requestCertificate(csrPem: string): Promise<void> {
    const { csrPublicKey } = await import('./csr-info');
    try {
      csrPublicKey(csrPem);
    } catch {
      throw new InvalidRequestError('is not a single PEM PKCS#10 request');
    }
    const csr = normalisePem(csrPem);
    if (csr === this.currentRequest()) return;
    this.kv.set(REQUEST_KEY, csr);
    this.kv.set(REQUESTED_AT_KEY, new Date().toISOString());
    // A provider may already hold an answer (the same CSR asked again): read each relation once now.
    const next = new Map<string, Assignment>();
    for (const relation of this.relations) next.set(relation.relationId, await this.answerOf(relation, csr));
    this.remember(csr, next);
  }

  /** The CSR this unit asks a certificate for (PEM, trimmed), if any. */
  currentRequest(): string | undefined {
    const stored = this.kv.get(REQUEST_KEY);
    return typeof stored === 'string' && stored !== '' ? stored : undefined;
  }

  /** This unit asks for nothing any more: the request list leaves every databag at the end of the hook. */
  withdrawRequest(): void {
    this.kv.unset(REQUEST_KEY);
    this.kv.unset(REQUESTED_AT_KEY);
    this.remember(undefined, new Map(this.relations.map((r) => [r.relationId, { kind: 'none' } as const])));
  }

  /**
   * The provider's answer to the current request: the first usable certificate (assigned, not revoked, not
   * expired) over the relations in order, else the first assigned one (revoked or expired: say so), else the
   * first invalid answer, else none. `renewAt` is the time to make and request a new CSR.
   */
  assignedCertificate(): AssignedCertificate {
    const now = new Date();
    const entries = [...this.answers.entries()].map(([relationId, assignment]) => ({ relationId, assignment }));
    const pick =
      entries.find((e) => isUsable(e.assignment, now)) ??
      entries.find((e) => e.assignment.kind === 'assigned') ??
      entries.find((e) => e.assignment.kind === 'invalid');
    if (!pick || pick.assignment.kind === 'none') return { kind: 'none' };
    const provider = this.relations.find((r) => r.relationId === pick.relationId)?.application ?? null;
    return { ...pick.assignment, relationId: pick.relationId, provider };
  }

  /** When the current request was made (requestCertificate() with a new CSR). */
  requestedAt(): Date | undefined {
    const stored = this.kv.get(REQUESTED_AT_KEY);
    const time = typeof stored === 'string' ? Date.parse(stored) : Number.NaN;
    return Number.isNaN(time) ? undefined : new Date(time);
  }

  /**
   * Time to make a new CSR and request it: the assigned certificate reached its renewAt, and the current request
   * was made before that time. A certificate that arrives already due (a backdated or short-lived one) is renewed
   * once, not in every hook: asking again would only bring another one like it.
   */
  renewalDue(now: Date = new Date()): boolean {
    const assigned = this.assignedCertificate();
    if (assigned.kind !== 'assigned' || assigned.revoked || assigned.renewAt.getTime() > now.getTime()) return false;
    const requestedAt = this.requestedAt();
    return requestedAt === undefined || requestedAt.getTime() < assigned.renewAt.getTime();
  }

  /** The provider applications related on this endpoint, in relation order (for "Waiting for a certificate from X"). */
  providers(): string[] {
    return this.relations.flatMap((r) => (r.application ? [r.application] : []));
  }

  private async answerOf(relation: Relation, csr: string | undefined): Promise<Assignment> {
    if (csr === undefined) return { kind: 'none' };
    const [{ checkProviderAppData }, { assignmentFor }] = await Promise.all([import('./schema'), import('./assignment')]);
    return assignmentFor(csr, checkProviderAppData(await relation.receivedAppRaw()));
  }

  /** Keeps the answers, publishes the request, and sets the flags. */
  private remember(csr: string | undefined, answers: Map<string, Assignment>): void {
    this.answers = answers;
    if (csr === undefined) this.kv.unset(ASSIGNMENTS_KEY);
    else this.kv.set(ASSIGNMENTS_KEY, storedAssignments(csr, answers));

    const value = requirerData(csr === undefined ? [] : [{ csr, ca: false }])[KEYS.certificateSigningRequests] ?? '';
    for (const relation of this.relations) {
      if ((relation.toPublishRaw[KEYS.certificateSigningRequests] ?? '') !== value) relation.toPublishRaw[KEYS.certificateSigningRequests] = value;
    }

    const assigned = this.assignedCertificate();
    const usable = assigned.kind === 'assigned' && isUsable(assigned, new Date());
    toggleFlag(this.expandName('{endpoint_name}.connected'), this.joined);
    toggleFlag(this.expandName('{endpoint_name}.available'), usable);
    // The certificate a charm serves with changed (new, renewed, revoked, gone): charms clear this flag.
    const fingerprint = usable && assigned.kind === 'assigned' ? assigned.fingerprint256 : '';
    if ((this.kv.get('served') ?? '') !== fingerprint) {
      setFlag(this.expandName('{endpoint_name}.certificate.changed'));
      if (fingerprint === '') this.kv.unset('served');
      else this.kv.set('served', fingerprint);
    }
  }
}
