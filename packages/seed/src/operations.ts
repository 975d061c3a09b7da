/** The public operations the seed sends through the gateway (names as in DOMAIN.md). */

export const createCompanyOperation = `mutation SeedCreateCompany($input: CreateCompanyInput!) {
  createCompany(input: $input) { company { id version } problem { reason message } }
}`;

export const addContactOperation = `mutation SeedAddContact($input: AddContactInput!) {
  addContact(input: $input) { contact { id meddicRole } problem { reason message } }
}`;

const dealResult = `deal { id version stage meddicScore } problem { reason message }`;

export const createDealOperation = `mutation SeedCreateDeal($input: CreateDealInput!) { createDeal(input: $input) { ${dealResult} } }`;
export const scoreDealOperation = `mutation SeedScoreDeal($input: ScoreDealInput!) { scoreDeal(input: $input) { ${dealResult} } }`;
export const moveDealStageOperation = `mutation SeedMoveDealStage($input: MoveDealStageInput!) { moveDealStage(input: $input) { ${dealResult} } }`;

const contractResult = `contract { id version number status approvalLevel annualValue signature { envelopeId status } } problem { reason message }`;

export const draftContractOperation = `mutation SeedDraftContract($input: DraftContractInput!) { draftContract(input: $input) { ${contractResult} } }`;
export const submitContractOperation = `mutation SeedSubmitContract($input: ContractVersionInput!) { submitContract(input: $input) { ${contractResult} } }`;
export const sendContractForSignatureOperation = `mutation SeedSendContractForSignature($input: SendContractForSignatureInput!) {
  sendContractForSignature(input: $input) { ${contractResult} }
}`;
export const receiveSignatureCallbackOperation = `mutation SeedSignatureCallback($input: SignatureCallbackInput!) {
  receiveSignatureCallback(input: $input) { ${contractResult} }
}`;
export const activateContractOperation = `mutation SeedActivateContract($input: ContractVersionInput!) { activateContract(input: $input) { ${contractResult} } }`;

/** The contract with its workflows APPROVAL tasks (contracts + workflows subgraphs). */
export const contractApprovalOperation = `query SeedContractApproval($id: ID!) {
  contract(id: $id) {
    id version number status approvalLevel approvedBy rejectionReason
    approvalTasks { id version type status assigneeRole outcome }
  }
}`;

export const completeTaskOperation = `mutation SeedCompleteTask($id: ID!, $outcome: TaskOutcome!, $comment: String, $version: Int!) {
  completeTask(id: $id, outcome: $outcome, comment: $comment, version: $version) {
    task { id status outcome completedBy } problem { reason message }
  }
}`;

export const enrollBeneficiariesOperation = `mutation SeedEnrollBeneficiaries($input: EnrollBeneficiariesInput!) {
  enrollBeneficiaries(input: $input) { count problem { reason message } rowProblems { row field reason message } }
}`;

export const anyCompanyOperation = `query SeedAnyCompany { companies(first: 1) { edges { node { id } } } }`;

export const pipelineOperation = `query SeedPipeline { pipeline { stages { stage count totalValue } totals { count totalValue } } }`;

export const contractsPageOperation = `query SeedContracts($after: String) {
  contracts(first: 100, after: $after) { edges { node { status approvalLevel activeLives } } pageInfo { hasNextPage endCursor } }
}`;

export const companyMetricsPageOperation = `query SeedCompanyMetrics($after: String) {
  companies(first: 100, after: $after) { edges { node { metrics { openDeals activeContracts activeLives } } } pageInfo { hasNextPage endCursor } }
}`;
