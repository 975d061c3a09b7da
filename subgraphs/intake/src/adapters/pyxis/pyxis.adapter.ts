import { z } from 'zod';
import type { SalesChannel, SalesSystemAdapter, OrderStage, Transformed } from '../adapter.js';
import { cnpjDigits, mapLines, shapeProblems } from '../order-rules.js';
import { pyxisProductPlans } from './pyxis.products.js';

/** Pyxis channel codes. */
const channels: Readonly<Record<string, SalesChannel>> = {
  LJ: 'STORE',
  WEB: 'WEB',
  TLV: 'CALL_CENTER',
  APP: 'MOBILE',
  PARC: 'PARTNER',
};

/** Pyxis order situations -> the stage the deal starts in (or moves forward to). */
const situations: Readonly<Record<string, OrderStage>> = {
  NOVO: 'LEAD',
  EM_ANALISE: 'QUALIFICATION',
  COTACAO: 'DISCOVERY',
};

/** "1.289,90": Pyxis writes money the Brazilian way, as text. */
const brazilianMoney = /^\d{1,3}(\.?\d{3})*,\d{2}$/;
const centsOf = (text: string) => Number(text.replaceAll('.', '').replace(',', ''));

/** The order Pyxis publishes (examples/pyxis-order.json). */
export const pyxisOrderSchema = z.object({
  pedido: z.object({
    numero: z.string().regex(/^PX-\d{4}-\d{6}$/, 'must look like PX-2026-000123'),
    versao: z.number().int().nonnegative(),
    situacao: z.enum(Object.keys(situations) as [string, ...string[]]),
    canal: z.enum(Object.keys(channels) as [string, ...string[]]),
    loja: z.string().min(1).max(64).nullable(),
    unidadeNegocio: z.string().min(1).max(64).nullable(),
    pais: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code'),
    vendedor: z.string().max(64).nullable().optional(),
    dataPedido: z.iso.datetime({ offset: true }),
    dataAtualizacao: z.iso.datetime({ offset: true }),
    previsaoFechamento: z.iso.date().nullable().optional(),
  }),
  cliente: z.object({
    codigo: z.string().min(1).max(128),
    cnpj: z.string().min(1),
    razaoSocial: z.string().trim().min(1).max(200),
    nomeFantasia: z.string().trim().max(200).nullable().optional(),
    qtdFuncionarios: z.number().int().nonnegative().nullable().optional(),
  }),
  itens: z
    .array(
      z.object({
        codigoProduto: z.string().min(1).max(64),
        vidas: z.number().int().positive(),
        valorMensalPorVida: z.string().regex(brazilianMoney, 'must be an amount like "289,90"'),
      }),
    )
    .min(1, 'must list at least one item'),
});

function transform(payload: unknown): Transformed {
  const parsed = pyxisOrderSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, problems: shapeProblems(parsed.error) };
  const { pedido, cliente, itens } = parsed.data;
  const problems: string[] = [];
  const cnpj = cnpjDigits(cliente.cnpj);
  if (!cnpj) problems.push('cliente.cnpj: not a valid CNPJ (14 digits with check digits)');
  const lines = mapLines(
    'PYXIS',
    itens.map((item) => ({
      code: item.codigoProduto,
      lives: item.vidas,
      monthlyCentsPerLife: centsOf(item.valorMensalPorVida),
    })),
    pyxisProductPlans,
    (index) => `itens.${index}.codigoProduto`,
  );
  problems.push(...lines.problems);
  if (problems.length > 0 || !cnpj) return { ok: false, problems };
  return {
    ok: true,
    order: {
      sourceSystem: 'PYXIS',
      externalOrderId: pedido.numero,
      revision: pedido.versao,
      channel: channels[pedido.canal]!,
      customer: {
        cnpj,
        legalName: cliente.razaoSocial,
        tradeName: cliente.nomeFantasia?.trim() || null,
        externalCustomerId: cliente.codigo,
        employeeCount: cliente.qtdFuncionarios ?? null,
      },
      storeCode: pedido.loja,
      businessUnit: pedido.unidadeNegocio,
      countryCode: pedido.pais,
      products: lines.products,
      planType: lines.planType,
      totalLives: lines.totalLives,
      annualValue: lines.annualValue,
      stage: situations[pedido.situacao]!,
      placedAt: pedido.dataPedido,
      sourceUpdatedAt: pedido.dataAtualizacao,
      expectedCloseDate: pedido.previsaoFechamento ?? null,
      metadata: { situacao: pedido.situacao, canal: pedido.canal, vendedor: pedido.vendedor ?? null },
    },
  };
}

/** Pyxis: the legacy store and call-center system (Portuguese names, "1.289,90" amounts). */
export const pyxisAdapter: SalesSystemAdapter = {
  system: 'PYXIS',
  slug: 'pyxis',
  payloadSchema: pyxisOrderSchema,
  productPlans: pyxisProductPlans,
  transform,
};
