import { randomUUID } from 'node:crypto';
import { startLocalHttpServer, type LocalReply, type RecordedRequest } from '@salesgraph/testkit';

/**
 * A local Acrobat Sign (REST API v6) for tests, written from Adobe's public reference:
 * POST /oauth/v2/refresh (form: grant_type=refresh_token, client_id, client_secret,
 * refresh_token -> { access_token, token_type, expires_in }); under /api/rest/v6 with a
 * Bearer token (401 INVALID_ACCESS_TOKEN otherwise): POST /transientDocuments (multipart:
 * File, File-Name, Mime-Type -> 201 { transientDocumentId }), POST /agreements (JSON
 * AgreementInfo -> 201 { id }), GET /agreements/{id} (-> { id, name, status }; 404
 * INVALID_AGREEMENT_ID), PUT /agreements/{id}/state (CANCELLED -> 204). Errors are
 * { code, message }; 429 carries Retry-After. Failures are queued with `failNext`.
 */
export interface AdobeSignApi {
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
  readonly requests: readonly RecordedRequest[];
  /** The contracts service's environment for this server (fast retries for tests). */
  readonly env: Readonly<Record<string, string>>;
  /** Uploaded documents by transientDocumentId. */
  readonly documents: ReadonlyMap<string, { fileName: string; mimeType: string; bytes: Buffer }>;
  /** Created agreements by id: the AgreementInfo received and the current status. */
  readonly agreements: ReadonlyMap<string, { info: AgreementInfo; status: string; documentBytes: Buffer }>;
  /** The next calls whose path starts with `pathPrefix` are answered with these replies, in order. */
  failNext(pathPrefix: string, ...replies: LocalReply[]): void;
  /** Every access token issued so far stops working (as when one expires early or is revoked). */
  expireTokens(): void;
  /** Everyone signed: the agreement becomes SIGNED. */
  complete(agreementId: string): void;
  /** A webhook notification body as Adobe sends it for `event` on the agreement. */
  notification(agreementId: string, event: string): string;
  /** How many times the token endpoint was called. */
  refreshCount(): number;
  close(): Promise<void>;
}

export interface AgreementInfo {
  readonly name: string;
  readonly fileInfos: readonly { transientDocumentId: string }[];
  readonly participantSetsInfo: readonly {
    order: number;
    role: string;
    memberInfos: readonly { email: string; name?: string }[];
  }[];
  readonly signatureType: string;
  readonly state: string;
  readonly externalId?: { id: string };
}

const error = (status: number, code: string, message: string): LocalReply => ({ status, body: { code, message } });

export async function startAdobeSignApi(options: { expiresIn?: number } = {}): Promise<AdobeSignApi> {
  const clientId = `CBJCHBCAABAA${randomUUID().replaceAll('-', '').slice(0, 20)}`;
  const clientSecret = randomUUID();
  const refreshToken = `3AAABL${randomUUID()}`;
  const tokens = new Set<string>();
  const documents = new Map<string, { fileName: string; mimeType: string; bytes: Buffer }>();
  const agreements = new Map<string, { info: AgreementInfo; status: string; documentBytes: Buffer }>();
  const failures: { pathPrefix: string; reply: LocalReply }[] = [];
  let refreshes = 0;

  const refresh = (request: RecordedRequest): LocalReply => {
    refreshes += 1;
    const form = new URLSearchParams(request.body.toString('utf8'));
    if (form.get('grant_type') !== 'refresh_token')
      return { status: 400, body: { error: 'invalid_request', error_description: 'grant_type' } };
    if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret)
      return { status: 401, body: { error: 'invalid_client', error_description: 'invalid client' } };
    if (form.get('refresh_token') !== refreshToken)
      return { status: 400, body: { error: 'invalid_grant', error_description: 'refresh token is invalid' } };
    const accessToken = `3AAABLblqZhA${randomUUID()}`;
    tokens.add(accessToken);
    return {
      status: 200,
      body: { access_token: accessToken, token_type: 'Bearer', expires_in: options.expiresIn ?? 3600 },
    };
  };

  const uploadDocument = async (request: RecordedRequest): Promise<LocalReply> => {
    const contentType = String(request.headers['content-type'] ?? '');
    if (!contentType.startsWith('multipart/form-data'))
      return error(400, 'INVALID_MULTIPART', 'multipart/form-data expected');
    const form = await new Request('http://local/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(request.body),
    }).formData();
    const file = form.get('File');
    if (!(file instanceof Blob)) return error(400, 'MISSING_REQUIRED_PARAM', 'File is required');
    const id = `3AAABLblqZhB${randomUUID()}`;
    documents.set(id, {
      fileName: String(form.get('File-Name') ?? ''),
      mimeType: String(form.get('Mime-Type') ?? ''),
      bytes: Buffer.from(await file.arrayBuffer()),
    });
    return { status: 201, body: { transientDocumentId: id } };
  };

  const createAgreement = (request: RecordedRequest): LocalReply => {
    let info: AgreementInfo;
    try {
      info = JSON.parse(request.body.toString('utf8')) as AgreementInfo;
    } catch {
      return error(400, 'INVALID_JSON', 'The body is not JSON');
    }
    const document = documents.get(info.fileInfos?.[0]?.transientDocumentId ?? '');
    if (!document) return error(400, 'INVALID_TRANSIENT_DOCUMENT_ID', 'Unknown transient document');
    if (!info.name) return error(400, 'MISSING_REQUIRED_PARAM', 'name is required');
    const sets = info.participantSetsInfo ?? [];
    if (sets.length === 0 || sets.some((set) => !set.role || !set.order || !set.memberInfos?.[0]?.email))
      return error(400, 'INVALID_PARTICIPANT_SET', 'Each participant set needs order, role and a member email');
    if (!['ESIGN', 'WRITTEN'].includes(info.signatureType))
      return error(400, 'INVALID_SIGNATURE_TYPE', 'ESIGN or WRITTEN');
    if (info.state !== 'IN_PROCESS' && info.state !== 'AUTHORING' && info.state !== 'DRAFT')
      return error(400, 'INVALID_STATE', 'Unknown state');
    const id = `CBJCHBCAABAA${randomUUID().replaceAll('-', '')}`;
    agreements.set(id, { info, status: 'OUT_FOR_SIGNATURE', documentBytes: document.bytes });
    return { status: 201, body: { id } };
  };

  const agreementRoute = (request: RecordedRequest, path: string): LocalReply => {
    const [, id = '', rest] = /^\/agreements\/([^/]+)(\/state)?$/.exec(path) ?? [];
    const agreement = agreements.get(decodeURIComponent(id));
    if (!agreement) return error(404, 'INVALID_AGREEMENT_ID', 'The agreement ID specified is invalid');
    if (request.method === 'GET' && !rest)
      return { status: 200, body: { id, name: agreement.info.name, status: agreement.status } };
    if (request.method === 'PUT' && rest) {
      const body = JSON.parse(request.body.toString('utf8')) as { state?: string };
      if (body.state !== 'CANCELLED') return error(400, 'INVALID_STATE', 'Only CANCELLED is supported here');
      if (agreement.status !== 'OUT_FOR_SIGNATURE')
        return error(400, 'AGREEMENT_NOT_EDITABLE', 'The agreement can no longer be cancelled');
      agreement.status = 'CANCELLED';
      return { status: 204 };
    }
    return error(405, 'METHOD_NOT_SUPPORTED', 'Method not supported');
  };

  const server = await startLocalHttpServer(async (request) => {
    const failure = failures.findIndex((entry) => request.path.startsWith(entry.pathPrefix));
    if (failure >= 0) return failures.splice(failure, 1)[0]!.reply;
    if (request.method === 'POST' && request.path === '/oauth/v2/refresh') return refresh(request);
    if (!request.path.startsWith('/api/rest/v6/')) return error(404, 'NOT_FOUND', 'No such endpoint');
    const bearer = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
    if (!bearer || !tokens.has(bearer))
      return error(401, 'INVALID_ACCESS_TOKEN', 'Access token provided is invalid or has expired');
    const path = request.path.slice('/api/rest/v6'.length);
    if (request.method === 'POST' && path === '/transientDocuments') return uploadDocument(request);
    if (request.method === 'POST' && path === '/agreements') return createAgreement(request);
    if (path.startsWith('/agreements/')) return agreementRoute(request, path);
    return error(404, 'NOT_FOUND', 'No such endpoint');
  });

  return {
    url: server.url,
    clientId,
    clientSecret,
    refreshToken,
    env: {
      SIGNATURE_PROVIDER: 'adobe-sign',
      ADOBE_SIGN_API_URL: server.url,
      ADOBE_SIGN_CLIENT_ID: clientId,
      ADOBE_SIGN_CLIENT_SECRET: clientSecret,
      ADOBE_SIGN_REFRESH_TOKEN: refreshToken,
      ADOBE_SIGN_RETRY_ATTEMPTS: '3',
      ADOBE_SIGN_RETRY_BASE_MS: '5',
      ADOBE_SIGN_RETRY_MAX_MS: '40',
    },
    get requests() {
      return server.requests;
    },
    documents,
    agreements,
    failNext: (pathPrefix, ...replies) => failures.push(...replies.map((reply) => ({ pathPrefix, reply }))),
    expireTokens: () => tokens.clear(),
    complete(agreementId) {
      const agreement = agreements.get(agreementId);
      if (!agreement) throw new Error(`no agreement ${agreementId}`);
      agreement.status = 'SIGNED';
    },
    notification: (agreementId, event) =>
      JSON.stringify({
        webhookId: '3AAABLblqZhC',
        webhookName: 'salesgraph',
        webhookNotificationId: randomUUID(),
        webhookUrlInfo: { url: 'https://salesgraph.example/webhooks/adobe-sign' },
        webhookScope: 'ACCOUNT',
        event,
        eventDate: new Date().toISOString(),
        eventResourceType: 'agreement',
        participantRole: 'SIGNER',
        actionType: 'ESIGNED',
        agreement: { id: agreementId, name: agreements.get(agreementId)?.info.name ?? 'x', status: 'SIGNED' },
      }),
    refreshCount: () => refreshes,
    close: () => server.close(),
  };
}
