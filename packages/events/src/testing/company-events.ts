import { randomUUID } from 'node:crypto';
import { createEvent } from '../parse.js';
import type { EventEnvelope } from '../envelope.js';
import type { EventData } from '../registry.js';

type Company = EventData<'company.created'>['company'];

/**
 * `company.created` (version 1 unless told) of a company with plausible values, any of which a
 * test can give: what tests publish to feed the projections of companies.
 */
export function companyCreated(options: {
  readonly tenant: string;
  readonly company?: Partial<Company>;
  readonly version?: number;
  readonly actor?: string | null;
  readonly source?: string;
}): EventEnvelope<EventData<'company.created'>> {
  const id = options.company?.id ?? randomUUID();
  return createEvent({
    eventType: 'company.created',
    tenantId: options.tenant,
    aggregateType: 'company',
    aggregateId: id,
    aggregateVersion: options.version ?? 1,
    source: options.source ?? 'accounts',
    actor: options.actor ?? null,
    data: {
      company: {
        legalName: 'Empresa Teste Ltda',
        tradeName: null,
        cnpj: '11222333000181',
        industry: null,
        employeeCount: 1,
        segment: 'SMB',
        ownerId: 'rep',
        parentId: null,
        ...options.company,
        id,
      },
    },
  });
}
