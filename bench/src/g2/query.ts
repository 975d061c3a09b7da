/** The pipeline board: 50 deals with their company, contract status, lives and process phase. */
export const pipelineBoardQuery = `query PipelineBoard {
  deals(first: 50) {
    edges {
      node {
        id
        title
        stage
        estimatedValue
        estimatedLives
        probability
        company {
          id
          legalName
          segment
        }
        contract {
          id
          status
          contractedLives
          activeLives
        }
        process {
          id
          phase
        }
      }
    }
  }
}`;
