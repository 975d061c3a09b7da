import type { Random } from './random.js';

export { femaleNames, maleNames, surnames, personName, familyName, type Sex } from './person-names.js';

export interface City {
  readonly name: string;
  readonly uf: string;
  /** Telephone area code (DDD). */
  readonly ddd: string;
}

export const cities: readonly City[] = [
  { name: 'São Paulo', uf: 'SP', ddd: '11' },
  { name: 'Campinas', uf: 'SP', ddd: '19' },
  { name: 'Santos', uf: 'SP', ddd: '13' },
  { name: 'Ribeirão Preto', uf: 'SP', ddd: '16' },
  { name: 'Sorocaba', uf: 'SP', ddd: '15' },
  { name: 'São José dos Campos', uf: 'SP', ddd: '12' },
  { name: 'Rio de Janeiro', uf: 'RJ', ddd: '21' },
  { name: 'Niterói', uf: 'RJ', ddd: '21' },
  { name: 'Belo Horizonte', uf: 'MG', ddd: '31' },
  { name: 'Uberlândia', uf: 'MG', ddd: '34' },
  { name: 'Juiz de Fora', uf: 'MG', ddd: '32' },
  { name: 'Curitiba', uf: 'PR', ddd: '41' },
  { name: 'Londrina', uf: 'PR', ddd: '43' },
  { name: 'Maringá', uf: 'PR', ddd: '44' },
  { name: 'Porto Alegre', uf: 'RS', ddd: '51' },
  { name: 'Caxias do Sul', uf: 'RS', ddd: '54' },
  { name: 'Florianópolis', uf: 'SC', ddd: '48' },
  { name: 'Joinville', uf: 'SC', ddd: '47' },
  { name: 'Blumenau', uf: 'SC', ddd: '47' },
  { name: 'Salvador', uf: 'BA', ddd: '71' },
  { name: 'Feira de Santana', uf: 'BA', ddd: '75' },
  { name: 'Recife', uf: 'PE', ddd: '81' },
  { name: 'Fortaleza', uf: 'CE', ddd: '85' },
  { name: 'Natal', uf: 'RN', ddd: '84' },
  { name: 'João Pessoa', uf: 'PB', ddd: '83' },
  { name: 'Maceió', uf: 'AL', ddd: '82' },
  { name: 'São Luís', uf: 'MA', ddd: '98' },
  { name: 'Teresina', uf: 'PI', ddd: '86' },
  { name: 'Belém', uf: 'PA', ddd: '91' },
  { name: 'Manaus', uf: 'AM', ddd: '92' },
  { name: 'Goiânia', uf: 'GO', ddd: '62' },
  { name: 'Brasília', uf: 'DF', ddd: '61' },
  { name: 'Campo Grande', uf: 'MS', ddd: '67' },
  { name: 'Cuiabá', uf: 'MT', ddd: '65' },
  { name: 'Vitória', uf: 'ES', ddd: '27' },
  { name: 'Aracaju', uf: 'SE', ddd: '79' },
];

export interface Industry {
  readonly name: string;
  /** Words that make a company of this industry sound like one. */
  readonly prefixes: readonly string[];
  /** Typical employee count range. */
  readonly employees: readonly [number, number];
}

export const industries: readonly Industry[] = [
  { name: 'Indústria metalúrgica', prefixes: ['Metalúrgica', 'Siderúrgica', 'Fundição'], employees: [80, 4000] },
  {
    name: 'Indústria alimentícia',
    prefixes: ['Alimentos', 'Laticínios', 'Frigorífico', 'Moinho'],
    employees: [40, 6000],
  },
  { name: 'Varejo', prefixes: ['Supermercados', 'Magazine', 'Lojas', 'Atacadão'], employees: [30, 12000] },
  { name: 'Construção civil', prefixes: ['Construtora', 'Engenharia', 'Incorporadora'], employees: [50, 3000] },
  {
    name: 'Tecnologia da informação',
    prefixes: ['Tecnologia', 'Sistemas', 'Software', 'Digital'],
    employees: [15, 2500],
  },
  { name: 'Logística e transporte', prefixes: ['Transportes', 'Logística', 'Expresso'], employees: [40, 5000] },
  { name: 'Agronegócio', prefixes: ['Agropecuária', 'Agroindustrial', 'Cooperativa Agrícola'], employees: [30, 3500] },
  { name: 'Educação', prefixes: ['Colégio', 'Instituto de Ensino', 'Faculdade'], employees: [25, 1800] },
  {
    name: 'Serviços financeiros',
    prefixes: ['Financeira', 'Cooperativa de Crédito', 'Corretora'],
    employees: [20, 2000],
  },
  { name: 'Indústria têxtil', prefixes: ['Têxtil', 'Tecelagem', 'Confecções'], employees: [40, 2500] },
  { name: 'Energia', prefixes: ['Energia', 'Geração Elétrica', 'Bioenergia'], employees: [60, 4000] },
  { name: 'Indústria química', prefixes: ['Química', 'Petroquímica', 'Tintas'], employees: [50, 3000] },
  { name: 'Hotelaria e turismo', prefixes: ['Hotéis', 'Turismo', 'Resort'], employees: [20, 1500] },
  {
    name: 'Serviços de limpeza e facilities',
    prefixes: ['Serviços', 'Facilities', 'Conservação'],
    employees: [80, 9000],
  },
  { name: 'Indústria farmacêutica', prefixes: ['Farmacêutica', 'Laboratório', 'Biotecnologia'], employees: [60, 3500] },
];

const companyWords = [
  'Horizonte',
  'Paulista',
  'Atlântico',
  'Cerrado',
  'Pampa',
  'Serra Azul',
  'Bandeirantes',
  'Guanabara',
  'Ipiranga',
  'Tropical',
  'Vale Verde',
  'Aurora',
  'Capixaba',
  'Pioneira',
  'Nordeste',
  'Planalto',
  'Três Rios',
  'Santa Clara',
  'São Francisco',
  'Boa Vista',
  'Mantiqueira',
  'Araucária',
  'Jequitibá',
  'Iguaçu',
  'Paraná',
  'Litoral',
  'Sol Nascente',
  'Estrela',
  'Monte Alegre',
  'Rio Claro',
] as const;

const legalSuffixes = [
  ['Ltda', 6],
  ['S.A.', 3],
  ['Eireli', 1],
] as const;

export const jobTitles = {
  ECONOMIC_BUYER: ['Diretor(a) Financeiro(a)', 'CFO', 'Diretor(a) Administrativo(a)', 'Sócio(a)-Diretor(a)'],
  CHAMPION: [
    'Gerente de RH',
    'Coordenador(a) de Benefícios',
    'Analista de Benefícios Sênior',
    'Gerente de Gente e Gestão',
  ],
  DECISION_MAKER: ['Diretor(a) de RH', 'CEO', 'Diretor(a) Geral'],
  INFLUENCER: ['Gerente de Compras', 'Médico(a) do Trabalho', 'Consultor(a) de Benefícios'],
  USER: ['Analista de Departamento Pessoal', 'Assistente de RH', 'Técnico(a) de Segurança do Trabalho'],
} as const;

export const lostReasons = [
  'Preço acima do orçamento do cliente',
  'Optou por operadora concorrente',
  'Rede credenciada insuficiente na região',
  'Projeto adiado para o próximo exercício',
  'Sem retorno do decisor',
  'Reajuste proposto considerado alto',
  'Cliente renovou com a operadora atual',
] as const;

/** Lower-case ASCII of a name, for e-mail addresses: `Conceição` -> `conceicao`. */
export const slug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.+|\.+$/g, '');

/** A mobile number of the city: `+55 11 98765-4321`. */
export function mobilePhone(random: Random, city: City): string {
  return `+55 ${city.ddd} 9${random.int(6000, 9999)}-${String(random.int(0, 9999)).padStart(4, '0')}`;
}

export interface CompanyName {
  readonly legalName: string;
  readonly tradeName: string;
  readonly industry: Industry;
  readonly city: City;
  /** e-mail domain, e.g. `metalurgicahorizonte.com.br`. */
  readonly domain: string;
}

/** `Metalúrgica Horizonte Campinas Ltda` / trade name `Metalúrgica Horizonte`. */
export function companyName(random: Random): CompanyName {
  const industry = random.pick(industries);
  const city = random.pick(cities);
  const prefix = random.pick(industry.prefixes);
  const word = random.pick(companyWords);
  const tradeName = random.chance(0.3) ? `${word} ${prefix}` : `${prefix} ${word}`;
  const place = random.chance(0.4) ? ` ${city.name}` : '';
  const suffix = random.weighted(legalSuffixes.map(([text, weight]) => [text, weight] as const));
  return {
    legalName: `${tradeName}${place} ${suffix}`,
    tradeName,
    industry,
    city,
    domain: `${slug(tradeName).replace(/\./g, '')}.com.br`,
  };
}
