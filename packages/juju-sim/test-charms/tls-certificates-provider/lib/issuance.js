// The tls-certificates v1 databags, as the v4 Python library (tls_certificates_interface.v4) reads and writes them:
// requirers publish `certificate_signing_requests` (unit databag, or app databag in the library's APP mode), a JSON
// list of {certificate_signing_request, ca}; the provider's leader answers in its app databag with `certificates`,
// a JSON list of {ca, chain, certificate_signing_request, certificate[, revoked]}.
'use strict';

const MAX_REQUESTS_PER_BAG = 100;

/**
 * The requests in one databag value; `problems` gets one line per entry that is skipped (never thrown: a requirer's
 * garbage must not fail the provider's hook).
 */
function parseRequests(raw, owner, problems) {
  if (raw === undefined || raw === null || raw === '') return [];
  let list;
  try {
    list = JSON.parse(raw);
  } catch {
    problems.push(`${owner}: certificate_signing_requests is not JSON`);
    return [];
  }
  if (!Array.isArray(list)) {
    problems.push(`${owner}: certificate_signing_requests is not a JSON list`);
    return [];
  }
  if (list.length > MAX_REQUESTS_PER_BAG) {
    problems.push(`${owner}: ${list.length} certificate signing requests, only the first ${MAX_REQUESTS_PER_BAG} are read`);
  }
  const requests = [];
  list.slice(0, MAX_REQUESTS_PER_BAG).forEach((entry, index) => {
    const csr = entry && typeof entry === 'object' ? entry.certificate_signing_request : undefined;
    if (typeof csr !== 'string' || csr.trim() === '') {
      problems.push(`${owner}: request #${index} has no certificate_signing_request string`);
      return;
    }
    requests.push({ csr, isCa: entry.ca === true, owner, index });
  });
  return requests;
}

/** The provider's current `certificates` (its own app databag); garbage there is treated as none. */
function parseIssued(raw) {
  if (!raw) return [];
  try {
    const list = JSON.parse(raw);
    return Array.isArray(list) ? list.filter((e) => e && typeof e.certificate_signing_request === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The next `certificates` list for one relation: one entry per distinct requested CSR, in request order; entries
 * for CSRs nobody requests any more are dropped. `decide(request, existing)` returns 'keep' or 'sign';
 * `sign(request)` returns an entry or throws (then the request is skipped, or keeps its old entry).
 */
function nextCertificates(requests, issued, decide, sign, problems) {
  const byCsr = new Map(issued.map((entry) => [entry.certificate_signing_request, entry]));
  const seen = new Set();
  const next = [];
  let signed = 0;
  for (const request of requests) {
    if (seen.has(request.csr)) continue;
    seen.add(request.csr);
    const existing = byCsr.get(request.csr);
    if (existing && decide(request, existing) === 'keep') {
      next.push(existing);
      continue;
    }
    try {
      next.push(sign(request));
      signed++;
    } catch (error) {
      problems.push(`skipping the CSR of ${request.owner} (request #${request.index}): ${error.message}`);
      if (existing) next.push(existing);
    }
  }
  return { certificates: next, signed };
}

function entry({ csr, certificate, ca, chain, expiryNotificationHours }) {
  const result = { ca, chain, certificate_signing_request: csr, certificate };
  if (expiryNotificationHours > 0) result.recommended_expiry_notification_time = expiryNotificationHours;
  return result;
}

module.exports = { parseRequests, parseIssued, nextCertificates, entry };
