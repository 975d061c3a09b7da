// What the pipeline board shows and the subscriptions that feed it (dashboard.js renders them).

export const stages = ['LEAD', 'QUALIFICATION', 'DISCOVERY', 'PROPOSAL', 'NEGOTIATION', 'CLOSED_WON', 'CLOSED_LOST'];
export const stageLabels = {
  LEAD: 'Lead',
  QUALIFICATION: 'Qualification',
  DISCOVERY: 'Discovery',
  PROPOSAL: 'Proposal',
  NEGOTIATION: 'Negotiation',
  CLOSED_WON: 'Won',
  CLOSED_LOST: 'Lost',
};
export const dealsShownPerStage = 5;
export const feedLength = 30;

export const pipelineSubscription = /* GraphQL */ `
  subscription DashboardPipeline($after: String) {
    pipelineChanged(after: $after) {
      cursor
      eventType
      pipeline {
        version
        totals {
          count
          totalValue
          weightedValue
        }
        stages {
          stage
          count
          totalValue
          weightedValue
        }
      }
    }
  }
`;
export const dealSubscription = /* GraphQL */ `
  subscription DashboardDeals($after: String) {
    dealChanged(after: $after) {
      cursor
      eventType
      occurredAt
      deal {
        id
        title
        stage
        estimatedValue
        stageHistory {
          from
          to
          at
        }
      }
    }
  }
`;
export const breachSubscription = /* GraphQL */ `
  subscription DashboardBreaches($after: String) {
    slaBreached(after: $after) {
      cursor
      eventType
      occurredAt
      task {
        id
        type
        assigneeRole
        dueAt
        breachedAt
        deal {
          id
          title
        }
      }
    }
  }
`;
