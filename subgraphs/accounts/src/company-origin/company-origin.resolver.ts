import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { requestLoader } from '@salesgraph/subgraph';
import type { AccountsContext } from '../context.js';
import { Company } from '../company/company.entity.js';
import { CompanyOrigin } from './company-origin.entity.js';

/** Contributes `Company.origins`. */
@Resolver(() => Company)
export class CompanyOriginsResolver {
  @FieldResolver(() => [CompanyOrigin], {
    description:
      'Every sales system and channel orders for this CNPJ came from, oldest first (empty for companies created here).',
  })
  origins(@Root() company: Company, @Ctx() context: AccountsContext): Promise<CompanyOrigin[]> {
    const loader = requestLoader<string, CompanyOrigin[]>(context, 'company.origins', async (ids) => {
      const rows = await context.em.find(
        CompanyOrigin,
        { companyId: { $in: [...new Set(ids)] } },
        { orderBy: { createdAt: 'asc', id: 'asc' } },
      );
      return ids.map((id) => rows.filter((row) => row.companyId === id));
    });
    return loader.load(company.id);
  }
}
