import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLarge, readBody, send, type HttpHandler } from '@salesgraph/http';
import { describeError, type Logger } from '@salesgraph/logging';
import { forkForTenant, type Orm } from '@salesgraph/orm';
import {
  parseAgreementNotification,
  type AdobeSignProvider,
  type AgreementNotification,
} from './adobe-sign.provider.js';
import type { SignatureProvider, VerifiedCallback } from './signature-provider.js';
import { receiveSignatureCallback } from './signature.service.js';

/** The path Adobe Sign's webhook is registered with (webhookUrlInfo.url = <public base>/webhooks/adobe-sign). */
export const ADOBE_SIGN_WEBHOOK_PATH = '/webhooks/adobe-sign';

const CLIENT_ID_HEADER = 'x-adobesign-clientid';

export interface AdobeSignWebhookDeps {
  readonly orm: Orm;
  readonly provider: AdobeSignProvider;
  readonly logger: Logger;
}

type Outcome = 'applied' | 'duplicate' | 'acknowledged' | 'unknown-agreement' | 'not-applicable';

/**
 * Adobe Sign's webhook (GET: verification of intent; POST: notifications). Every answer to a
 * caller presenting our client id in X-AdobeSign-ClientId echoes it (header and JSON body),
 * as Adobe requires; any other caller gets 403 and no echo. A notification is then mapped to
 * an envelope state (adobe-sign.provider.ts); AGREEMENT_WORKFLOW_COMPLETED is confirmed by
 * reading the agreement from Adobe (the body itself is signed by nobody) and applied through
 * receiveSignatureCallback in the agreement's tenant — idempotent, so Adobe's retries and
 * duplicates change nothing twice. Answers: 200 with the outcome; 503 while Adobe cannot be
 * read (Adobe tries the notification again later); 409 when Adobe does not confirm it.
 */
export function adobeSignWebhook(deps: AdobeSignWebhookDeps): HttpHandler {
  const expected = Buffer.from(deps.provider.clientId, 'utf8');
  const authentic = (req: IncomingMessage): boolean => {
    const presented = req.headers[CLIENT_ID_HEADER];
    if (typeof presented !== 'string') return false;
    const given = Buffer.from(presented, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const answer = (res: ServerResponse, status: number, body: Record<string, unknown>) => {
    res.setHeader('X-AdobeSign-ClientId', deps.provider.clientId);
    send(res, status, JSON.stringify({ xAdobeSignClientId: deps.provider.clientId, ...body }));
  };

  return async (req, res, maxBodyBytes) => {
    if (!authentic(req)) return send(res, 403, '{"error":"unknown client"}');
    if (req.method === 'GET' || req.method === 'HEAD') return answer(res, 200, { status: 'verified' });
    if (req.method !== 'POST') return send(res, 405, '{"error":"method not allowed"}');
    let notification: AgreementNotification;
    try {
      notification = parseAgreementNotification(await readBody(req, maxBodyBytes));
    } catch (error) {
      if (error instanceof BodyTooLarge) res.setHeader('connection', 'close');
      return send(res, error instanceof BodyTooLarge ? 413 : 400, '{"error":"not an agreement notification"}');
    }
    const log = { agreementId: notification.agreementId, event: notification.event };
    try {
      const outcome = await apply(deps, notification);
      deps.logger.info({ ...log, outcome }, 'adobe sign notification');
      return answer(res, 200, { status: outcome });
    } catch (error) {
      if (error instanceof NotConfirmed) {
        deps.logger.warn({ ...log, adobeState: error.state }, 'adobe sign notification not confirmed by Adobe');
        return answer(res, 409, { status: 'not-confirmed' });
      }
      deps.logger.warn(
        { ...log, error: describeError(error) },
        'adobe sign notification not applied; Adobe will retry',
      );
      return answer(res, 503, { status: 'unavailable' });
    }
  };
}

class NotConfirmed extends Error {
  constructor(readonly state: string) {
    super(`Adobe reports the agreement ${state}`);
  }
}

async function apply(deps: AdobeSignWebhookDeps, notification: AgreementNotification): Promise<Outcome> {
  // The contract model has no declined/cancelled/expired states yet: those are only logged.
  if (notification.state === null) return 'not-applicable';
  if (notification.state !== 'SIGNED') return 'acknowledged';
  const tenant = await tenantOfAgreement(deps.orm, deps.provider.name, notification.agreementId);
  if (!tenant) return 'unknown-agreement';
  const state = await deps.provider.envelopeState(notification.agreementId);
  if (state !== 'SIGNED') throw new NotConfirmed(state);
  const confirmed: VerifiedCallback = {
    envelopeId: notification.agreementId,
    status: 'SIGNED',
    signedAt: notification.eventDate,
    signers: [],
  };
  const result = await receiveSignatureCallback(
    forkForTenant(deps.orm.em, tenant),
    { sub: `signature-provider:${deps.provider.name}`, tenant, roles: [], scopes: [] },
    confirmedBy(deps.provider, confirmed),
    { provider: deps.provider.name, payload: '', signature: '' },
  );
  if (result.problem) return 'not-applicable';
  return result.eventId ? 'applied' : 'duplicate';
}

/** The provider as receiveSignatureCallback sees it: this one callback, already confirmed with Adobe. */
const confirmedBy = (provider: SignatureProvider, callback: VerifiedCallback): SignatureProvider => ({
  name: provider.name,
  createEnvelope: (request) => provider.createEnvelope(request),
  envelopeState: (envelopeId) => provider.envelopeState(envelopeId),
  cancelEnvelope: (envelopeId, reason) => provider.cancelEnvelope(envelopeId, reason),
  verifyCallback: () => callback,
});

/** Agreement ids are unique at Adobe, so the envelope names its tenant (the one lookup across tenants). */
async function tenantOfAgreement(orm: Orm, provider: string, agreementId: string): Promise<string | null> {
  const rows = await orm.em
    .getConnection()
    .execute<
      { tenant_id: string }[]
    >('select tenant_id from contracts.contract where signature_provider = ? and signature_envelope_id = ? limit 1', [provider, agreementId]);
  return rows[0]?.tenant_id ?? null;
}
