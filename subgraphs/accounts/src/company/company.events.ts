import { createEvent, type EventData, type EventEnvelope } from '@salesgraph/events';
import type { Identity } from '@salesgraph/auth';
import type { Company } from './company.entity.js';

type CompanyEventType = 'company.created' | 'company.updated';

export function companySnapshot(company: Company): EventData<'company.created'>['company'] {
  return {
    id: company.id,
    legalName: company.legalName,
    tradeName: company.tradeName,
    cnpj: company.cnpj,
    industry: company.industry,
    employeeCount: company.employeeCount,
    segment: company.segment,
    ownerId: company.ownerId,
    parentId: company.parent?.id ?? null,
  };
}

/** The envelope of a company event, for the write frame to record with the change. */
export function companyEvent(
  identity: Identity,
  company: Company,
  eventType: CompanyEventType,
  aggregateVersion: number,
  changed: string[] = [],
): EventEnvelope {
  const data =
    eventType === 'company.created'
      ? { company: companySnapshot(company) }
      : { company: companySnapshot(company), changed };
  const event = createEvent({
    eventType,
    tenantId: identity.tenant,
    aggregateType: 'company',
    aggregateId: company.id,
    aggregateVersion,
    source: 'accounts',
    actor: identity.sub,
    data: data,
  });
  return event;
}
