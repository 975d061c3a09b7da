import type { EntityManager } from '@mikro-orm/postgresql';
import { createEvent, type EventData } from '@salesgraph/events';
import { recordEvent } from '@salesgraph/outbox';
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

/** Records a company event in the outbox of the current transaction; returns its id. */
export function recordCompanyEvent(
  em: EntityManager,
  identity: Identity,
  company: Company,
  eventType: CompanyEventType,
  aggregateVersion: number,
  changed: string[] = [],
): string {
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
  recordEvent(em, event);
  return event.eventId;
}
