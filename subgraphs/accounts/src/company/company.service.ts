import type { EntityManager } from '@mikro-orm/postgresql';
import { appError } from '@salesgraph/errors';
import { tenantOf } from '@salesgraph/orm';
import { decodeCursor, toConnection } from '@salesgraph/subgraph';
import { distinctUuids, optionalReference, refuse, type WriteRequest } from '@salesgraph/write';
import { Company, SourceSystem, segmentFor } from './company.entity.js';
import type { CompanyFilter, CreateCompanyInput, UpdateCompanyInput } from './company.inputs.js';
import { CompanyProblemReason, companyWrites, type CompanyResult } from './company.results.js';
import {
  optionalText,
  requireCnpj,
  requireCountryCode,
  requireEmployeeCount,
  requireText,
} from './company.validation.js';
import { companyEvent } from './company.events.js';
import { changeSet } from '../changes.js';

/** The parent a company names: another company of the caller's tenant. */
const parentCompany = (parentId: string | null | undefined) =>
  optionalReference({
    entity: Company,
    field: 'parentId',
    id: parentId,
    missing: CompanyProblemReason.PARENT_NOT_FOUND,
    noun: 'parent company',
  });

/**
 * True when making `parentId` the parent of `companyId` would close a loop (the company is
 * among the new parent's ancestors). Hierarchy changes of a tenant are serialised by a
 * transaction-scoped advisory lock, so two concurrent re-parentings cannot each pass the
 * check and together form a cycle.
 */
async function createsCycle(em: EntityManager, companyId: string, parentId: string): Promise<boolean> {
  const tenantId = tenantOf(em);
  await em.execute(`select pg_advisory_xact_lock(hashtext('accounts.company.hierarchy'), hashtext(?))`, [tenantId]);
  const rows = await em.execute<{ found: boolean }[]>(
    `with recursive ancestors(id, parent_id) as (
       select id, parent_id from accounts.company where id = ? and tenant_id = ?
       union
       select c.id, c.parent_id from accounts.company c join ancestors a on c.id = a.parent_id where c.tenant_id = ?
     ) select exists(select 1 from ancestors where id = ?) as found`,
    [parentId, tenantId, tenantId, companyId],
  );
  return rows[0]?.found === true;
}

export function createCompany(request: WriteRequest, input: CreateCompanyInput): Promise<CompanyResult> {
  const { identity } = request;
  const legalName = requireText('legalName', input.legalName);
  const cnpj = requireCnpj(input.cnpj);
  const employeeCount = requireEmployeeCount(input.employeeCount);
  const countryCode = requireCountryCode(input.countryCode);
  const sourceSystem = input.sourceSystem ?? SourceSystem.DIRECT;
  const externalId = optionalText('externalId', input.externalId, 128);
  if (sourceSystem !== SourceSystem.DIRECT && !externalId)
    throw appError('BAD_USER_INPUT', `externalId: required when sourceSystem is ${sourceSystem}`, {
      field: 'externalId',
    });
  return companyWrites.create(request, {
    operation: 'accounts.createCompany',
    input,
    references: { parent: parentCompany(input.parentId) },
    rules: async (tx, { parent }) => {
      if (await tx.count(Company, { cnpj }))
        refuse(CompanyProblemReason.DUPLICATE_CNPJ, 'A company with this CNPJ already exists');
      const company = tx.create(Company, {
        tenantId: identity.tenant,
        legalName,
        tradeName: optionalText('tradeName', input.tradeName),
        cnpj,
        industry: optionalText('industry', input.industry),
        employeeCount,
        segment: segmentFor(employeeCount),
        ownerId: optionalText('ownerId', input.ownerId, 128) ?? identity.sub,
        parent,
        sourceSystem,
        externalId,
        salesChannel: input.salesChannel ?? null,
        countryCode,
        businessUnit: optionalText('businessUnit', input.businessUnit, 64),
        storeCode: optionalText('storeCode', input.storeCode, 64),
      });
      return { entity: company, events: [companyEvent(identity, company, 'company.created', 1)] };
    },
  });
}

export function updateCompany(request: WriteRequest, input: UpdateCompanyInput): Promise<CompanyResult> {
  const { identity } = request;
  return companyWrites.change(request, {
    operation: 'accounts.updateCompany',
    input,
    target: input,
    references: { parent: parentCompany(input.parentId) },
    rules: async (tx, company, { parent }) => {
      const { set, changed } = changeSet(company);
      if (input.legalName != null) set('legalName', requireText('legalName', input.legalName));
      if (input.tradeName !== undefined) set('tradeName', optionalText('tradeName', input.tradeName));
      if (input.industry !== undefined) set('industry', optionalText('industry', input.industry));
      if (input.employeeCount != null) {
        set('employeeCount', requireEmployeeCount(input.employeeCount));
        set('segment', segmentFor(company.employeeCount));
      }
      if (input.ownerId != null) set('ownerId', requireText('ownerId', input.ownerId, 128));
      if (input.salesChannel !== undefined) set('salesChannel', input.salesChannel);
      if (input.businessUnit !== undefined) set('businessUnit', optionalText('businessUnit', input.businessUnit, 64));
      if (input.storeCode !== undefined) set('storeCode', optionalText('storeCode', input.storeCode, 64));
      if (input.parentId !== undefined && (parent?.id ?? null) !== (company.parent?.id ?? null)) {
        if (parent && (parent.id === company.id || (await createsCycle(tx, company.id, parent.id))))
          refuse(CompanyProblemReason.HIERARCHY_CYCLE, 'That parent would make the account hierarchy a cycle');
        company.parent = parent;
        changed.push('parent');
      }
      if (changed.length === 0) return { entity: company, events: [] };
      return {
        entity: company,
        events: [companyEvent(identity, company, 'company.updated', company.version + 1, changed)],
      };
    },
  });
}

export async function findCompanies(
  em: EntityManager,
  filter: CompanyFilter | null | undefined,
  first: number,
  after?: string | null,
) {
  const cursor = decodeCursor(after);
  const where: Record<string, unknown> = {};
  if (filter?.segment) where['segment'] = filter.segment;
  if (filter?.ownerId) where['ownerId'] = filter.ownerId;
  if (filter?.cnpj) where['cnpj'] = filter.cnpj.replace(/\D/g, '');
  if (filter?.nameContains) {
    const pattern = `%${filter.nameContains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where['$or'] = [{ legalName: { $ilike: pattern } }, { tradeName: { $ilike: pattern } }];
  }
  if (cursor) {
    const [createdAt, id] = cursor.split('|');
    where['$and'] = [
      { $or: [{ createdAt: { $gt: new Date(createdAt!) } }, { createdAt: new Date(createdAt!), id: { $gt: id } }] },
    ];
  }
  const rows = await em.find(Company, where, { orderBy: { createdAt: 'asc', id: 'asc' }, limit: first + 1 });
  return toConnection(rows, first, (company) => `${company.createdAt.toISOString()}|${company.id}`);
}

/** Loads many companies in one statement, in the order of `ids` (null where absent). */
export async function companiesByIds(em: EntityManager, ids: readonly string[]): Promise<(Company | null)[]> {
  const rows = await em.find(Company, { id: { $in: distinctUuids(ids) } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}
