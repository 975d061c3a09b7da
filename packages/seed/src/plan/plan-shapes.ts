import { dealsEvents } from '@salesgraph/events';
import type { ApprovalLevel, ContractTerms } from './contract-terms.js';
import type { BeneficiaryRow } from './families.js';
import type { City } from '../names.js';

/** The shapes of a tenant's seed plan, and how many of each thing a scale asks for. */

/** The pipeline stages, in order (the deal events' own list). */
export const { dealStages } = dealsEvents;
export type DealStage = (typeof dealStages)[number];
export const openStages = dealStages.slice(0, 5) as readonly DealStage[];

export type MeddicRole = 'ECONOMIC_BUYER' | 'CHAMPION' | 'DECISION_MAKER' | 'INFLUENCER' | 'USER';

/** Where the seed leaves a contract. */
export const contractTargets = [
  'DRAFT',
  'PENDING_APPROVAL',
  'REJECTED',
  'APPROVED',
  'SENT_FOR_SIGNATURE',
  'SIGNED',
  'ACTIVE',
] as const;
export type ContractTarget = (typeof contractTargets)[number];

export interface ContactPlan {
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly jobTitle: string;
  readonly meddicRole: MeddicRole;
  readonly marketingConsent: boolean;
}

export interface CompanyPlan {
  readonly key: string;
  readonly legalName: string;
  readonly tradeName: string;
  readonly cnpj: string;
  readonly industry: string;
  readonly employeeCount: number;
  readonly ownerId: string;
  readonly sourceSystem: 'DIRECT' | 'PYXIS' | 'TEMPO' | 'SAP';
  readonly externalId?: string;
  readonly salesChannel: 'STORE' | 'WEB' | 'CALL_CENTER' | 'MOBILE' | 'PARTNER';
  readonly businessUnit: string;
  readonly city: City;
  contacts: ContactPlan[];
}

export interface MeddicScores {
  readonly metrics: number;
  readonly economicBuyer: number;
  readonly decisionCriteria: number;
  readonly decisionProcess: number;
  readonly identifyPain: number;
  readonly champion: number;
}

/** One step of a deal's life: score it, or move it. */
export type DealStep = { readonly score: MeddicScores } | { readonly move: DealStage; readonly lostReason?: string };

export interface ContractPlan {
  readonly key: string;
  readonly terms: ContractTerms;
  readonly startDate: string;
  readonly endDate: string;
  readonly target: ContractTarget;
  /** The approver's REJECT comment (target REJECTED). */
  readonly rejectionComment?: string;
  signers: { readonly name: string; readonly email: string }[];
  /** Bulks of `enrollBeneficiaries` (targets SIGNED and ACTIVE). */
  beneficiaries: BeneficiaryRow[][];
}

export interface DealPlan {
  readonly key: string;
  readonly companyKey: string;
  readonly ownerId: string;
  readonly title: string;
  readonly estimatedValue: string;
  readonly estimatedLives: number;
  readonly planType: ContractTerms['planType'];
  readonly expectedCloseDate: string;
  readonly stage: DealStage;
  readonly steps: readonly DealStep[];
  readonly contracts: ContractPlan[];
}

export interface SeedCounts {
  readonly companies: number;
  readonly deals: number;
  readonly contracts: number;
  readonly beneficiaries: number;
}

export interface TenantPlan {
  readonly tenant: string;
  readonly reps: readonly string[];
  readonly companies: readonly CompanyPlan[];
  readonly deals: readonly DealPlan[];
  readonly counts: SeedCounts;
}

/** Full scale: what issue 3 asks per tenant. */
export const fullScale: SeedCounts = { companies: 50, deals: 500, contracts: 100, beneficiaries: 5000 };

/** Counts at a scale (0.1 = the small demo set); never less than a deal per stage and a contract per approval tier. */
export function countsAt(scale: number): SeedCounts {
  if (!(scale > 0) || scale > 10) throw new RangeError('scale must be more than 0 and at most 10');
  const at = (full: number, min: number) => Math.max(min, Math.round(full * scale));
  return {
    companies: at(fullScale.companies, 3),
    deals: at(fullScale.deals, 12),
    contracts: at(fullScale.contracts, 4),
    beneficiaries: at(fullScale.beneficiaries, 40),
  };
}
