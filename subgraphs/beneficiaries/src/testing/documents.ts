/** GraphQL documents the integration tests send, as a client would. */
export const beneficiaryFields = `id version name cpf birthDate personalDataMasked relationship healthCardNumber includedAt inclusionDate active removedAt erasedAt
  holder { id } contract { id } ans { status deadline registrationId batchId rejectionReason }`;

export const ENROLL = `mutation($input: EnrollBeneficiaryInput!) { enrollBeneficiary(input: $input) { beneficiary { ${beneficiaryFields} } problem { reason message } eventId } }`;
export const ENROLL_MANY = `mutation($input: EnrollBeneficiariesInput!) { enrollBeneficiaries(input: $input) { count problem { reason message } rowProblems { row field reason message } eventIds enrolled { id cpf relationship holder { id } } } }`;
export const UPDATE = `mutation($input: UpdateBeneficiaryInput!) { updateBeneficiary(input: $input) { beneficiary { ${beneficiaryFields} } problem { reason message } eventId } }`;
export const REMOVE = `mutation($input: RemoveBeneficiaryInput!) { removeBeneficiary(input: $input) { beneficiary { id active removedAt version } problem { reason message } eventId } }`;
export const ERASE = `mutation($input: EraseBeneficiaryInput!) { eraseBeneficiary(input: $input) { beneficiary { ${beneficiaryFields} } problem { reason message } eventId } }`;
export const BENEFICIARY = `query($id: ID!) { beneficiary(id: $id) { ${beneficiaryFields} } }`;
export const BENEFICIARIES = `query($filter: BeneficiaryFilter, $first: Int! = 20, $after: String) { beneficiaries(filter: $filter, first: $first, after: $after) { edges { cursor node { ${beneficiaryFields} } } pageInfo { hasNextPage endCursor } } }`;
export const ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Beneficiary { id cpf birthDate personalDataMasked } } }`;
export const ANS_BATCH = `query($contractId: ID!) { ansBatch(contractId: $contractId) }`;
export const SUBMIT_ANS = `mutation($contractId: ID!) { submitAnsBatch(contractId: $contractId) { batchId xml submitted { id version ans { status batchId } } problem { reason message } eventIds } }`;
export const ANS_OUTCOME = `mutation($input: RecordAnsOutcomeInput!) { recordAnsOutcome(input: $input) { beneficiary { id version ans { status registrationId rejectionReason } } problem { reason message } eventId } }`;
export const EXPORT = `query($cpf: String!) { beneficiaryDataExport(cpf: $cpf) { cpf exportedAt records { ${beneficiaryFields} } } }`;
