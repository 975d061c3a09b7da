import type { EntityManager } from '@mikro-orm/postgresql';
import { tenantOf } from '@salesgraph/orm';

/** Contract numbers count per tenant and calendar year in Brazil's business time zone. */
const BUSINESS_TIME_ZONE = 'America/Sao_Paulo';
const MAX_PER_YEAR = 999_999;

export function businessYear(at: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: BUSINESS_TIME_ZONE, year: 'numeric' }).format(at));
}

export function formatContractNumber(year: number, sequence: number): string {
  return `CT-${year}-${String(sequence).padStart(6, '0')}`;
}

/**
 * Takes the next number of the unit of work's tenant for the year of `at`. The counter row
 * stays locked until the transaction ends, so numbers are unique and gap-free: a rolled-back
 * draft gives its number back.
 */
export async function nextContractNumber(em: EntityManager, at: Date): Promise<string> {
  const year = businessYear(at);
  const rows = await em.execute<{ last_value: number }[]>(
    `insert into "contracts"."contract_number_sequence" ("tenant_id", "year", "last_value") values (?, ?, 1)
     on conflict ("tenant_id", "year") do update set "last_value" = "contract_number_sequence"."last_value" + 1
     returning "last_value"`,
    [tenantOf(em), year],
  );
  const sequence = Number(rows[0]!.last_value);
  if (sequence > MAX_PER_YEAR) throw new Error(`Contract numbers of ${year} are exhausted`);
  return formatContractNumber(year, sequence);
}
