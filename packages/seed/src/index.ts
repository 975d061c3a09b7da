export { createRandom, apportion, type Random } from './random.js';
export {
  generateCpf,
  generateCnpj,
  cpfFromBase,
  cnpjFromBase,
  cnpjFor,
  isValidCpf,
  isValidCnpj,
  formatCpf,
  formatCnpj,
  uniqueValue,
} from './documents.js';
export {
  personName,
  companyName,
  familyName,
  mobilePhone,
  slug,
  cities,
  industries,
  lostReasons,
  type City,
  type Industry,
  type CompanyName,
} from './names.js';
export { addDays, firstOfMonth, endAfterMonths, todayInSaoPaulo, birthDateForAge } from './dates.js';
export {
  approvalLevelFor,
  priceContract,
  termsForLevel,
  formatCents,
  approvalLevels,
  planTypes,
  type ApprovalLevel,
  type PlanType,
  type ContractTerms,
} from './plan/contract-terms.js';
export { familiesFor, bulksOf, type BeneficiaryRow, type Relationship } from './plan/families.js';
export {
  planTenant,
  countsAt,
  fullScale,
  dealStages,
  openStages,
  type TenantPlan,
  type CompanyPlan,
  type ContactPlan,
  type DealPlan,
  type DealStep,
  type ContractPlan,
  type ContractTarget,
  type DealStage,
  type MeddicRole,
  type MeddicScores,
  type SeedCounts,
} from './plan/tenant-plan.js';
export { createGraphClient, GraphError, type GraphClient, type GraphErrorEntry } from './graph-client.js';
export { pollUntil, type PollOptions } from './poll.js';
export { forEachConcurrently } from './pool.js';
export { createActors, actorSubs, approverOf, type Actors, type ApproverRole } from './actors.js';
export { SeedStats, type SeedContext } from './context.js';
export { SeedProblemError, untilProjected, type Problem } from './steps/problem.js';
export { createCompany, addContact, createCompanyWithContacts, type CompanyRef } from './steps/company.steps.js';
export {
  createDeal,
  scoreDeal,
  moveDealStage,
  playDealSteps,
  type DealRef,
  type CreateDealInput,
} from './steps/deal.steps.js';
export {
  draftContract,
  submitContract,
  readContractApproval,
  waitForApprovalTask,
  waitForDecision,
  decideApproval,
  sendForSignature,
  localSignatureCallback,
  DEVELOPMENT_SIGNATURE_SECRET,
  signByCallback,
  activateContract,
  type ContractRef,
  type ContractApproval,
  type ApprovalTask,
  type ContractStatus,
  type DraftInput,
} from './steps/contract.steps.js';
export { enrollBeneficiaries } from './steps/beneficiary.steps.js';
export { runSeed, seedTenant, type SeedOptions, type SeedSummary, type TenantSummary } from './seed.js';
export { readBack, type GraphCounts } from './read-back.js';
export { formatSummary } from './summary.js';
export { seedEnv } from './seed.config.js';
